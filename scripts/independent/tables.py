"""Plain CSV tables made outside the workbench, for the trust study's table-shaped cases.

Each generator differs on purpose from the workbench's built-in of the same kind (other sizes,
masses, sampling, noise, feature order, target formula), as a scientist's own data would:

  nbody-ood   two bodies of masses 1 and 2 under gravity, per-body feature order
              (q1x, q1y, p1x, p1y, q2x, q2y, p2x, p2y), dt 0.3, 25 points per trajectory, orbit
              speeds spread 3 %, observation noise 1e-4; strict out-of-distribution split: a pair
              trains when body 1 is in the top-left/bottom-right quadrants at both times, tests in
              the other two. Truth: the plane's rotation (exact), acting alike on the four 2-vectors.
              The first column, traj, names the trajectory of each pair (train with --group-by traj).
  mixed-axes  two 3-D points uniform in a ball of radius 2, target 1/(|p1 - p2| + 0.5) +
              (|p1|^2 + |p2|^2)/4 + eps (z1 z2 - (x1 x2 + y1 y2)/2)/std: rotations about z exact, about
              x and y broken at eps (0.1 by default). Layout vector:3.
  s3          x uniform in [-1, 1]^5, y = e1 + e2/2 + e3 + x4 e1 - x5 e2 + x4^2 + noise 0.01:
              S_3 on x1..x3, x4 and x5 fixed.
  turns60     x in the plane (Gaussian), y = r cos(6 theta) + 0.3 r^2: invariant to turns by 60
              degrees only, no continuous symmetry.
  control     a sum of 24 random sinusoids of 4 features: smooth, with no symmetry.

Usage: python3 tables.py CASE SEED OUT_PREFIX [eps]
Writes OUT_PREFIX.csv (and OUT_PREFIX-test.csv for nbody-ood).
"""
import sys

import numpy as np


def write(path, names, rows):
    np.savetxt(path, rows, delimiter=',', header=','.join(names), comments='', fmt='%.9g')


def rate(s, m1, m2):
    """Time derivative of the per-body state (q1, p1, q2, p2): dq/dt = p/m, dp/dt = gravity (G = 1)."""
    d = s[4:6] - s[0:2]
    f = m1 * m2 * d / np.linalg.norm(d) ** 3  # force on body 1
    return np.concatenate([s[2:4] / m1, f, s[6:8] / m2, -f])


def rk4(s, h, m1, m2):
    k1 = rate(s, m1, m2)
    k2 = rate(s + h / 2 * k1, m1, m2)
    k3 = rate(s + h / 2 * k2, m1, m2)
    k4 = rate(s + h * k3, m1, m2)
    return s + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)


def nbody_ood(rng, prefix):
    m1, m2, dt, points, sub = 1.0, 2.0, 0.3, 25, 40
    M = m1 + m2
    pairs = {'train': [], 'test': []}
    for traj_id in range(700):
        r = np.sqrt(rng.uniform(1.2 ** 2, 2.8 ** 2))  # separation, uniform over the annulus area
        a = rng.uniform(0, 2 * np.pi)
        u = np.array([np.cos(a), np.sin(a)])
        n = np.array([-u[1], u[0]])
        # Centre of mass at rest at the origin: q1 = (m2/M) r u, q2 = -(m1/M) r u.
        v_rel = np.sqrt(M / r) * (1 + 0.03 * rng.standard_normal())
        mu = m1 * m2 / M
        p = mu * v_rel * n  # p1 = -p2
        s = np.concatenate([m2 / M * r * u, p, -m1 / M * r * u, -p])
        traj = [s]
        for _ in range(points - 1):
            for _ in range(sub):
                s = rk4(s, dt / sub, m1, m2)
            traj.append(s)
        traj = np.array(traj) + 1e-4 * rng.standard_normal((points, 8))
        for t in range(points - 1):
            a_side, b_side = np.sign(traj[t, 0] * traj[t, 1]), np.sign(traj[t + 1, 0] * traj[t + 1, 1])
            if a_side == b_side and a_side != 0:
                pairs['train' if a_side < 0 else 'test'].append(np.concatenate([[traj_id], traj[t], traj[t + 1]]))
    state = ['q1x', 'q1y', 'p1x', 'p1y', 'q2x', 'q2y', 'p2x', 'p2y']
    names = ['traj'] + state + [f'next_{c}' for c in state]
    write(f'{prefix}.csv', names, np.array(pairs['train']))
    write(f'{prefix}-test.csv', names, np.array(pairs['test']))


def ball(rng, n, radius):
    v = rng.standard_normal((n, 3))
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    return v * radius * rng.uniform(0, 1, (n, 1)) ** (1 / 3)


def mixed_axes(rng, prefix, eps):
    n = 4000
    p1, p2 = ball(rng, n, 2.0), ball(rng, n, 2.0)
    inv = 1 / (np.linalg.norm(p1 - p2, axis=1) + 0.5) + (np.sum(p1 ** 2, 1) + np.sum(p2 ** 2, 1)) / 4
    q = p1[:, 2] * p2[:, 2] - (p1[:, 0] * p2[:, 0] + p1[:, 1] * p2[:, 1]) / 2
    y = inv + eps * q / q.std()
    write(f'{prefix}.csv', ['x1', 'y1', 'z1', 'x2', 'y2', 'z2', 'E'], np.column_stack([p1, p2, y]))


def s3(rng, prefix):
    n = 4000
    x = rng.uniform(-1, 1, (n, 5))
    a, b, c = x[:, 0], x[:, 1], x[:, 2]
    e1, e2, e3 = a + b + c, a * b + b * c + a * c, a * b * c
    y = e1 + e2 / 2 + e3 + x[:, 3] * e1 - x[:, 4] * e2 + x[:, 3] ** 2 + 0.01 * rng.standard_normal(n)
    write(f'{prefix}.csv', ['a', 'b', 'c', 'u', 'v', 'y'], np.column_stack([x, y]))


def turns60(rng, prefix):
    n = 4000
    x = rng.standard_normal((n, 2))
    r, th = np.linalg.norm(x, axis=1), np.arctan2(x[:, 1], x[:, 0])
    write(f'{prefix}.csv', ['x', 'y', 'f'], np.column_stack([x, r * np.cos(6 * th) + 0.3 * r ** 2]))


def control(rng, prefix):
    """A sum of 24 random sinusoids of the 4 features: smooth, and no linear vector field keeps it."""
    n = 4000
    x = rng.uniform(-2, 2, (n, 4))
    w = rng.standard_normal((4, 24))
    b = rng.uniform(0, 2 * np.pi, 24)
    a = rng.standard_normal(24) / np.sqrt(24)
    y = np.sin(x @ w + b) @ a
    write(f'{prefix}.csv', ['a', 'b', 'c', 'd', 'y'], np.column_stack([x, y]))


if __name__ == '__main__':
    case, seed, prefix = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    rng = np.random.default_rng(seed)
    if case == 'nbody-ood':
        nbody_ood(rng, prefix)
    elif case == 'mixed-axes':
        mixed_axes(rng, prefix, float(sys.argv[4]) if len(sys.argv) > 4 else 0.1)
    elif case == 's3':
        s3(rng, prefix)
    elif case == 'turns60':
        turns60(rng, prefix)
    elif case == 'control':
        control(rng, prefix)
    else:
        sys.exit(f'unknown case {case}')
