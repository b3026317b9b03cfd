"""Counters of the create-user service, exported in Prometheus format."""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest


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

    def snapshot(self) -> MetricsSnapshot:
        def value(counter: Counter) -> int:
            return int(counter._value.get())

        count = sum_ = 0.0
        for metric in self.duration.collect():
            for sample in metric.samples:
                if sample.name.endswith("_count"):
                    count = sample.value
                elif sample.name.endswith("_sum"):
                    sum_ = sample.value
        return MetricsSnapshot(
            created=value(self.created),
            already_existed=value(self.already_existed),
            validation_errors=value(self.validation_errors),
            database_errors=value(self.database_errors),
            creates=int(count),
            duration_seconds=sum_,
        )

    def exposition(self) -> bytes:
        return generate_latest(self.registry)
