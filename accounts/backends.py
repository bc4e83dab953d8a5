from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from . import throttle


class ThrottledModelBackend(ModelBackend):
    """ModelBackend that pauses a username + client network after repeated failures, and a
    client network after many failures whatever the usernames.

    Throttling here rather than in one form covers every login form, the admin's too.
    A refusal raises PermissionDenied, which stops authenticate() trying other backends,
    and leaves the Throttled on the request for the form's message.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if request is None or username is None or password is None:
            return super().authenticate(request, username, password, **kwargs)
        key = throttle.login_key(request, username)
        network_key = throttle.key_for("any username", throttle.client_network(request))
        try:
            _, network_attempt = throttle.begin_all(
                (throttle.LOGIN, key), (throttle.LOGIN_BY_NETWORK, network_key)
            )
        except throttle.Throttled as refused:
            request.login_refused = refused
            raise PermissionDenied from refused
        user = super().authenticate(request, username, password, **kwargs)
        if user is None:
            throttle.prune()
        else:
            throttle.clear(throttle.LOGIN, key)
            network_attempt.delete()  # the network's count is of failures only
        return user
