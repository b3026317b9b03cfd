"""Counters of the create-user service, exported in Prometheus format."""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)


@dataclass(frozen=True)
class MetricsSnapshot:
    created: int
    already_existed: int
    validation_errors: int
    database_errors: int
    creates: int
    duration_seconds: float


class Metrics:
    """One registry per service instance, so tests and benchmarks start from zero."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.created = Counter(
            "igbot_users_created", "Users created", registry=self.registry)
        self.already_existed = Counter(
            "igbot_users_already_existed", "Users that already existed", registry=self.registry)
        self.validation_errors = Counter(
            "igbot_validation_errors", "Inputs rejected by validation", registry=self.registry)
        self.database_errors = Counter(
            "igbot_database_errors", "Creates that failed in the database",
            registry=self.registry)
        self.duration = Histogram(
            "igbot_create_duration_seconds", "Time to handle one create request",
            registry=self.registry,
        )

    def _sample(self, name: str) -> float:
        return self.registry.get_sample_value(name) or 0.0

    def snapshot(self) -> MetricsSnapshot:
        return MetricsSnapshot(
            created=int(self._sample("igbot_users_created_total")),
            already_existed=int(self._sample("igbot_users_already_existed_total")),
            validation_errors=int(self._sample("igbot_validation_errors_total")),
            database_errors=int(self._sample("igbot_database_errors_total")),
            creates=int(self._sample("igbot_create_duration_seconds_count")),
            duration_seconds=self._sample("igbot_create_duration_seconds_sum"),
        )

    def exposition(self) -> bytes:
        return generate_latest(self.registry)

    content_type = CONTENT_TYPE_LATEST
