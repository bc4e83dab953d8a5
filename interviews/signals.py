from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Dealbreaker, Document


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def give_new_users_the_starter_dealbreakers(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        Dealbreaker.objects.create_starter_set(instance)


@receiver(post_delete, sender=Document)
def delete_the_documents_file(sender, instance, **kwargs):
    """A document's file goes with its row, however the row goes: on its own, with its
    application (one, a bulk delete, an undone import) or with the account. Once the
    deletion is committed, so a rolled-back one keeps its file; a storage that fails then
    is logged, and the deletion stands (robust)."""
    storage, name = instance.file.storage, instance.file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name), robust=True)
