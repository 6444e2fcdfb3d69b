"""Posting one form from many clients at the same instant (double clicks, tabs, retries)."""

from __future__ import annotations

import threading
from typing import Any

from django.db import connection
from django.http import HttpResponse
from django.test import Client


def post_at_once(clients: list[Client], url: str, data: dict[str, Any]) -> list[HttpResponse]:
    """POST `data` to `url` from every client in its own thread, released together.

    Each thread uses its own database connection (closed at the end). Raises the
    first error any thread hit; returns the responses (in completion order).
    """
    barrier = threading.Barrier(len(clients))
    responses: list[HttpResponse] = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def post(client: Client) -> None:
        try:
            barrier.wait(timeout=30)
            response = client.post(url, data)
            with lock:
                responses.append(response)
        except BaseException as error:  # re-raised in the test's thread below
            with lock:
                failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    if failures:
        raise failures[0]
    assert len(responses) == len(clients), "a request did not finish"
    return responses


def signed_in_clients(user: Any, count: int) -> list[Client]:
    """`count` separate browser sessions of the same learner."""
    clients = []
    for _ in range(count):
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients
