"""The Celery application. Without a broker (the embedded default) `CELERY_TASK_ALWAYS_EAGER` makes
tasks run in-process; services schedule them with `transaction.on_commit`, so they still run only
after the data they need has been committed."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kencho.settings.production")

app = Celery("kencho")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
