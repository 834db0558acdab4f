"""Celery settings for SI Harvest's dagster-celery workers.

``dagster_celery.app`` (the app every worker runs) imports a module named
``dagster_celery_config`` when it finds one on the Python path, so workers start with this
folder on ``PYTHONPATH``::

    PYTHONPATH=dagster_home/celery celery -A dagster_celery.app worker -n sih-a@%h --concurrency=1

``pipelines/distributed.py`` reads the same broker and backend from here for the executor, so
the runs and the workers cannot disagree about where tasks go. Every value is a Celery
"lowercase" setting.
"""

import os

# Redis is both the broker (step tasks go out) and the result backend (each step's Dagster
# events come back). Loopback by default: a broker open to the network runs anyone's tasks.
broker_url = os.environ.get("SIH_CELERY_BROKER", "redis://127.0.0.1:6379/0")
result_backend = os.environ.get("SIH_CELERY_BACKEND", "redis://127.0.0.1:6379/1")

# One task at a time per worker process, taken only when it is free: a step (a crawl, a
# translation) runs for seconds to hours, so a prefetched task would wait behind it while
# another worker idles.
worker_prefetch_multiplier = 1
# Tasks are acknowledged when a worker takes them (Celery's default, kept on purpose): with
# late acknowledgement Redis hands a task still running after its visibility timeout (one
# hour) to a second worker, and a long crawl would run twice.
# Tasks and results are Dagster's own serialised JSON; nothing is pickled.
task_serializer = "json"
result_serializer = "json"
accept_content = ["json"]
# Results are read once by the run that submitted the step; a day is plenty to keep them.
result_expires = 24 * 3600
# A worker started before Redis keeps retrying instead of exiting.
broker_connection_retry_on_startup = True
