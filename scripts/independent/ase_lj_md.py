"""An LJ cluster trajectory made outside the workbench, by ASE, as a scientist's MD data would be.

13 argon atoms (an icosahedron, slightly perturbed), ASE's LennardJones calculator, velocity Verlet
at 5 fs, Maxwell-Boltzmann velocities with zero total linear and angular momentum (so every frame
stays near one orientation), energy and forces written by ASE's own extxyz writer.

Usage (Debian's python3-ase): /usr/bin/python3 ase_lj_md.py SEED TEMPERATURE_K FRAMES OUT.extxyz
"""
import sys

import numpy as np
from ase import units
from ase.calculators.lj import LennardJones
from ase.cluster import Icosahedron
from ase.io import write
from ase.md.velocitydistribution import MaxwellBoltzmannDistribution, Stationary, ZeroRotation
from ase.md.verlet import VelocityVerlet

seed, temperature, n_frames, out = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
atoms = Icosahedron('Ar', noshells=2)
atoms.calc = LennardJones(sigma=3.4, epsilon=0.0104, rc=10.0)
rng = np.random.default_rng(seed)
atoms.positions += rng.normal(0, 0.02, atoms.positions.shape)
MaxwellBoltzmannDistribution(atoms, temperature_K=temperature, rng=rng)
Stationary(atoms)
ZeroRotation(atoms)
dynamics = VelocityVerlet(atoms, 5 * units.fs)
frames = []
for _ in range(n_frames):
    dynamics.run(4)  # 20 fs between written frames
    frame = atoms.copy()
    frame.calc = None
    frame.info['energy'] = atoms.get_potential_energy()
    frame.arrays['forces'] = atoms.get_forces()
    frames.append(frame)
write(out, frames, format='extxyz')
