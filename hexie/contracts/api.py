"""Contracts API: contracts, templates, verification, statistics, collective contracts. Every query
goes through `scoped`; an object outside the caller's scope is a 404."""

from ninja import Router

router = Router(tags=["contracts"])
