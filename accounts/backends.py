from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from . import throttle


class ThrottledModelBackend(ModelBackend):
    """ModelBackend that pauses a username + client network after repeated failures.

    Throttling here rather than in one form covers every login form, the admin's too.
    A refusal raises PermissionDenied, which stops authenticate() trying other backends,
    and leaves the Throttled on the request for the form's message.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if request is None or username is None or password is None:
            return super().authenticate(request, username, password, **kwargs)
        key = throttle.key_for(str(username).casefold(), throttle.client_network(request))
        try:
            throttle.begin(throttle.LOGIN, key)
        except throttle.Throttled as refused:
            request.login_refused = refused
            raise PermissionDenied from refused
        user = super().authenticate(request, username, password, **kwargs)
        if user is None:
            throttle.prune()
        else:
            throttle.clear(throttle.LOGIN, key)
        return user
