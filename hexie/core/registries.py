"""Plug-in points between modules. Domain apps fill them in their `AppConfig.ready()`; `risk`,
`dashboard` and `campaign` read them, so no domain app imports another.

    INDICATORS.register("contracts.signing_rate", signing_rate, label=_("劳动合同签订率"))
    EVENTS.connect("veto_event", open_recheck)      # campaign listens
    EVENTS.send("veto_event", organization=org, reason="arrears", source=case)   # wages emits
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Entry:
    key: str
    func: Callable[..., Any]
    label: str = ""
    meta: dict = field(default_factory=dict)


class Registry:
    """Named functions one module offers to the others (indicators, risk signals, KPIs, senders…)."""

    def __init__(self, name: str):
        self.name = name
        self._entries: dict[str, Entry] = {}

    def register(self, key: str, func: Callable[..., Any] | None = None, *, label: str = "", **meta):
        def add(f: Callable[..., Any]):
            existing = self._entries.get(key)
            if existing and existing.func is not f:
                raise ValueError(f"{self.name}: {key!r} registered twice")
            self._entries[key] = Entry(key, f, label, meta)
            return f

        return add(func) if func is not None else add

    def add_entry(self, key: str, *, label: str = "", **meta) -> None:
        """An entry that is data, not a function (a menu item)."""
        self._entries[key] = Entry(key, lambda: None, label, meta)

    def __getitem__(self, key: str) -> Entry:
        return self._entries[key]

    def __contains__(self, key: str) -> bool:
        return key in self._entries

    def __iter__(self):
        return iter(self._entries.values())

    def keys(self) -> list[str]:
        return sorted(self._entries)


class EventHooks:
    """Named events with listeners: "veto_event", "warning_raised"… Listeners run in the sender's
    transaction, so an event and what it causes commit or roll back together."""

    def __init__(self):
        self._listeners: dict[str, list[Callable[..., Any]]] = {}

    def connect(self, event: str, listener: Callable[..., Any]) -> None:
        listeners = self._listeners.setdefault(event, [])
        if listener not in listeners:
            listeners.append(listener)

    def disconnect(self, event: str, listener: Callable[..., Any]) -> None:
        self._listeners.get(event, []).remove(listener)

    def send(self, event: str, **payload) -> list[Any]:
        return [listener(**payload) for listener in list(self._listeners.get(event, []))]


INDICATORS = Registry("computed indicators")  # campaign reads: f(organization, on_date) -> value
RISK_SIGNALS = Registry("risk signals")  # risk reads: f(region_prefix, on_date) -> rows
KPIS = Registry("KPIs")  # dashboard reads: f(queryset scope, on_date) -> number
DAILY_JOBS = Registry("daily jobs")  # job kinds run once a day (add_entry(kind, label=...))
QUERIES = Registry("queries")  # one module's answers for the others, e.g. "campaign.named_status"
NAVIGATION = Registry("navigation")  # menu entries (add_entry): label, url name, icon, order
EVENTS = EventHooks()
