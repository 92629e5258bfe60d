"""Adds a confinement along z, c * sum_i z_i^2, to every frame's energy (and its force, -2 c z_i, to
the forces) of an extended XYZ file: rotations about z stay exact, those about x and y are broken.

Usage (Debian's python3-ase): /usr/bin/python3 z_confinement.py IN.extxyz C OUT.extxyz
"""
import sys
from ase.io import read, write
frames = read(sys.argv[1], index=':')
c = float(sys.argv[2])
for a in frames:
    f = a.arrays['forces'].copy() if 'forces' in a.arrays else a.get_forces().copy()
    e = a.info['energy'] if 'energy' in a.info else a.get_potential_energy()
    z = a.positions[:, 2]
    a.calc = None
    a.info['energy'] = e + c * (z ** 2).sum()
    f[:, 2] -= 2 * c * z
    a.arrays['forces'] = f
write(sys.argv[3], frames, format='extxyz')
