from celery import shared_task


@shared_task(name="hexie.run_job", acks_late=True, reject_on_worker_lost=True)
def run_job_task(job_id: int) -> None:
    from .jobs import run_job

    run_job(job_id)
