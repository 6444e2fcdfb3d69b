"""ASGI entry point: `granian --interface asgi equitylens.asgi:application`."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "equitylens.settings")
application = get_asgi_application()
