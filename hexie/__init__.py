"""Hexie (和谐): the platform for a province's harmonious labor relations work."""

from .celery import app as celery_app

__all__ = ["celery_app"]
