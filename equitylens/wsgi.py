"""WSGI entry point for gunicorn: `gunicorn equitylens.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "equitylens.settings")
application = get_wsgi_application()
