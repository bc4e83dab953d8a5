from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.compatibility, deploy=True)
def site_url_check(app_configs, **kwargs):
    """Reminder e-mails carry absolute links: without SITE_URL none can be sent."""
    if settings.SITE_URL:
        return []
    return [
        checks.Error(
            "SITE_URL is not set, so no reminder e-mail can be sent.",
            hint="Set SITE_URL to the site's public address, e.g. https://walkout.example.com.",
            id="reminders.E001",
        )
    ]
