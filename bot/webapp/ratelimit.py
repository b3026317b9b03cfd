"""A per-user token bucket for the Mini App's API.

Search as you type and infinite scroll make bursts of requests; ``burst`` of them pass
at once, then ``rate`` a second. Anything past that gets 429 and does nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

# Buckets kept; past this the full ones (idle users) are dropped.
MAX_BUCKETS = 10_000


@dataclass
class RateLimit:
    rate: float = 10.0  # requests a second, sustained
    burst: int = 60  # requests at once
    clock: Callable[[], float] = time.monotonic
    _buckets: dict[int, tuple[float, float]] = field(default_factory=dict)

    def allow(self, user_id: int) -> bool:
        """Takes one request from ``user_id``'s bucket; False when it is empty."""
        now = self.clock()
        tokens, then = self._buckets.get(user_id, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - then) * self.rate)
        if tokens < 1.0:
            self._buckets[user_id] = (tokens, now)
            return False
        if len(self._buckets) >= MAX_BUCKETS and user_id not in self._buckets:
            self._forget_idle(now)
        self._buckets[user_id] = (tokens - 1.0, now)
        return True

    def _forget_idle(self, now: float) -> None:
        full = self.burst / self.rate if self.rate > 0 else 0.0
        for user_id, (_, then) in list(self._buckets.items()):
            if now - then >= full:
                del self._buckets[user_id]
