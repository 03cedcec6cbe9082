"""The pooled forecast ('pooled', the default): a series' own evidence weighed against what real
regional panels did, with the drift damped and the spread calibrated on those panels.

On the log of the intensity, a series of ``n`` values has ``n - 1`` yearly changes with mean
``dbar`` and sum of squared deviations ``ss``. The reference panels (real regional and national
R&D-intensity series: China's provinces, Canada's provinces, eight countries; docs/methods.md)
give four things, fitted by ``benchmarks/bench_forecast.py --fit`` and shipped in
``resources/forecast_pool.yml``:

- **volatility by level**: ln s0 = a + b ln(level %) + c [national]; lower intensities move more
  in relative terms. The series' volatility is s^2 = (nu s0^2 + ss) / (nu + n - 2): the panels'
  figure for its level is worth ``nu`` yearly changes, so 3-6 points get the panels' spread and
  long series their own;
- **drift shrinkage that follows the evidence**: true drifts of real series scatter by ``tau``
  around ``m``; the series' own mean change is trusted in proportion to its precision,
  w = (n - 1)/s^2 / (1/tau^2 + (n - 1)/s^2), so a smooth series keeps its trend and a noisy or
  short one is pulled towards ``m``;
- **damping**: the drift counts phi + phi^2 + ... + phi^h over h years (long real series
  overshoot when their past drift is carried forward undamped);
- **calibration**: the predictive sd, sqrt(s^2 h + D(h)^2 (v_mu + omega^2)) (yearly noise, the
  drift estimate's variance v_mu and drift instability omega), times a factor per training
  length class and horizon fitted so that normal intervals cover 80 % and 95 % of the panels'
  real outcomes (conformal scaling). Intervals are symmetric on the log scale: a factor fitted on
  one panel's lean would carry that lean to every other series.

Pure numpy; the rule is data (``Rule``), read by ``reference.forecast_pool``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Training-length classes (consecutive annual values) of the calibration factors and tables.
LENGTH_CLASSES = ("3", "4", "5", "6", "7-9", "10+")
#: Horizons with a factor of their own; further horizons use the last one (their sd still grows).
MAX_CALIBRATED_H = 4
Z80, Z95 = 1.2815515655446004, 1.959963984540054


def length_class(n_points: int) -> str:
    """The class of a training window of ``n_points`` consecutive values: '3' ... '6', '7-9',
    '10+'."""
    if n_points < 3:
        raise ValueError(f"no length class for {n_points} values (need 3+)")
    return str(n_points) if n_points <= 6 else ("7-9" if n_points <= 9 else "10+")


@dataclass(frozen=True)
class Rule:
    """The pooled rule: drift prior ``m`` (yearly change of ln intensity) with scatter ``tau``;
    weight ``nu`` (yearly changes) of the panels' volatility ``vol`` = (a, b, c) in
    ln s0 = a + b ln(level %) + c [national]; damping ``phi``; drift instability ``omega``;
    calibration factors ``scale[length class]`` for horizons 1..4."""

    m: float
    tau: float
    nu: float
    phi: float
    omega: float
    vol: tuple[float, float, float]
    scale: dict[str, tuple[float, ...]]

    @classmethod
    def from_resource(cls, data: dict) -> Rule:
        r, v = data["rule"], data["volatility"]
        return cls(
            m=float(r["m"]),
            tau=float(r["tau"]),
            nu=float(r["nu"]),
            phi=float(r["phi"]),
            omega=float(r["omega"]),
            vol=(float(v["intercept"]), float(v["log_level"]), float(v["national"])),
            scale={str(k): tuple(float(x) for x in f) for k, f in data["scale"].items()},
        )

    def factor(self, n_points: np.ndarray, h: np.ndarray) -> np.ndarray:
        """The calibration factor of each (training length, horizon); works on arrays."""
        table = np.array([self.scale[c] for c in LENGTH_CLASSES])
        n_points = np.asarray(n_points)
        row = np.clip(n_points, 3, 7) - 3 + (n_points >= 10)
        col = np.clip(np.asarray(h), 1, MAX_CALIBRATED_H) - 1
        return table[row, col]


def damped(h: np.ndarray, phi: float) -> np.ndarray:
    """phi + phi^2 + ... + phi^h: how many years of drift an h-year forecast carries."""
    h = np.asarray(h, dtype=float)
    return h if phi == 1 else phi * (1 - phi**h) / (1 - phi)


def moments(
    n1: np.ndarray,
    dbar: np.ndarray,
    ss: np.ndarray,
    z_last: np.ndarray,
    h: np.ndarray,
    national: np.ndarray,
    floor: np.ndarray,
    rule: Rule,
) -> tuple[np.ndarray, np.ndarray]:
    """Point (ln intensity) and predictive sd before calibration, for windows of ``n1`` yearly
    changes with mean ``dbar`` and sum of squared deviations ``ss``, last value ``z_last``
    (ln %), ``h`` years ahead; ``floor``: the smallest yearly sd (rounding). Works on arrays."""
    a, b, c = rule.vol
    s0 = np.exp(a + b * z_last + c * np.asarray(national, dtype=float))
    ss = np.maximum(ss, np.maximum(n1 - 1, 0) * floor**2)
    s2 = np.maximum((rule.nu * s0**2 + ss) / (rule.nu + n1 - 1), floor**2)
    v_mu = 1.0 / (1.0 / rule.tau**2 + n1 / s2)
    w = v_mu * n1 / s2
    mu = w * dbar + (1 - w) * rule.m
    d = damped(h, rule.phi)
    point = z_last + mu * d
    sd = np.sqrt(s2 * h + d**2 * (v_mu + rule.omega**2))
    return point, sd


def forecast(
    z: np.ndarray,
    horizon: int,
    national: bool,
    floor: float,
    rule: Rule,
    rng: np.random.Generator,
    n_paths: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Point and simulated paths (ln intensity) of one window ``z`` (ln %), ``horizon`` years.

    Each path is a Gaussian random walk, standardised at every horizon, so its margin at h is
    normal with the calibrated sd of h (paths are coherent through time)."""
    d = np.diff(z)
    h = np.arange(1, horizon + 1)
    point, sd = moments(
        np.full(horizon, len(d)),
        np.full(horizon, d.mean()),
        np.full(horizon, ((d - d.mean()) ** 2).sum()),
        np.full(horizon, z[-1]),
        h,
        np.full(horizon, national),
        np.full(horizon, floor),
        rule,
    )
    spread = sd * rule.factor(np.full(horizon, len(z)), h)
    walk = np.cumsum(rng.standard_normal((n_paths, horizon)), axis=1) / np.sqrt(h)
    return point, point + walk * spread
