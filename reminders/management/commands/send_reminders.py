from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from reminders.sender import send_due


class Command(BaseCommand):
    help = (
        "Send every reminder due now (interview reminders, morning digests) that has not "
        "gone out, then exit. Run it every minute (cron, or docker-compose's reminders "
        "service); any number may run at once: each reminder is sent once."
    )

    def handle(self, *args, **options):
        try:
            tally = send_due()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        # A mail server that is down is logged per reminder and retried on the next run;
        # it is not a reason to fail the run (a loop or cron would only repeat the noise).
        if options["verbosity"] >= 2 or tally["failed"]:
            summary = ", ".join(f"{count} {outcome}" for outcome, count in sorted(tally.items()))
            self.stderr.write(f"Reminders: {summary or 'none due'}.")
