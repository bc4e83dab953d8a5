"""Requests sent at the same instant, as several app servers would receive them.

Each thread has its own database connection (Django gives one per thread), so on
PostgreSQL the requests really overlap; SQLite serialises writers, so race tests use
@requires_postgres and @pytest.mark.django_db(transaction=True).
"""

import threading

from django.db import connection


def at_once(clients, send):
    """send(client) for every client, in threads released together; the responses in order.

    An exception in a thread (a 500 the test client re-raises) is raised here, after
    every thread has finished."""
    barrier = threading.Barrier(len(clients))
    responses = [None] * len(clients)
    errors = []

    def run(index, client):
        try:
            barrier.wait()
            responses[index] = send(client)
        except Exception as error:  # raised again below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, client)) for index, client in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return responses
