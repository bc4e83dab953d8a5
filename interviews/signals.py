from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Dealbreaker


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def give_new_users_the_starter_dealbreakers(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        Dealbreaker.objects.create_starter_set(instance)
