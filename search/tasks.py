"""Background tasks of the search index (``django.tasks``; inline in tests and in development)."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

RETRY_AFTER = timedelta(minutes=2)


@task()
def update_search_index(keys):
    from search import indexing

    return indexing.update(keys)


@task()
def retry_pending_index_updates():
    from search import indexing

    tried, pending = indexing.retry_pending()
    return {"tried": tried, "pending": pending}


def schedule_retry():
    """Retry the pending updates later, where the task backend can run a task later (the database
    worker and RQ can; the inline backend cannot, and the next update or ``search_index --retry`` will)."""
    if retry_pending_index_updates.get_backend().supports_defer:
        retry_pending_index_updates.using(run_after=timezone.now() + RETRY_AFTER).enqueue()
