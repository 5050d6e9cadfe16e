/* bench/nbody.c — gravitational N-body simulation in doubles: all-pairs forces, leapfrog steps, sqrt. */
#include <math.h>
#include "common.h"

enum { BODIES = 64 };

typedef struct {
    double x[BODIES], y[BODIES], z[BODIES];
    double vx[BODIES], vy[BODIES], vz[BODIES];
    double mass[BODIES];
} system_state;

/* Softening keeps close encounters finite, so the run never produces inf or NaN (whose bits could differ). */
static const double softening2 = 1e-3;

static void place_bodies(system_state *s)
{
    bench_rng rng;
    bench_rng_seed(&rng, 1234);
    for (int i = 0; i < BODIES; i++) {
        s->x[i] = bench_rng_unit(&rng) * 2 - 1;
        s->y[i] = bench_rng_unit(&rng) * 2 - 1;
        s->z[i] = (bench_rng_unit(&rng) * 2 - 1) * 0.1;
        /* a rough rotation about z, so the cloud does not just collapse */
        s->vx[i] = -s->y[i] * 0.3;
        s->vy[i] = s->x[i] * 0.3;
        s->vz[i] = 0;
        s->mass[i] = 0.5 / BODIES + bench_rng_unit(&rng) / BODIES;
    }
}

/* One kick-drift step: velocities from all pair forces, then positions. */
static void step(system_state *s, double dt)
{
    for (int i = 0; i < BODIES; i++) {
        double ax = 0, ay = 0, az = 0;
        double xi = s->x[i], yi = s->y[i], zi = s->z[i];
        for (int j = 0; j < BODIES; j++) {
            double dx = s->x[j] - xi, dy = s->y[j] - yi, dz = s->z[j] - zi;
            double d2 = dx * dx + dy * dy + dz * dz + softening2;
            double inv = 1.0 / (d2 * sqrt(d2));
            double f = s->mass[j] * inv;
            ax += dx * f;
            ay += dy * f;
            az += dz * f;
        }
        s->vx[i] += ax * dt;
        s->vy[i] += ay * dt;
        s->vz[i] += az * dt;
    }
    for (int i = 0; i < BODIES; i++) {
        s->x[i] += s->vx[i] * dt;
        s->y[i] += s->vy[i] * dt;
        s->z[i] += s->vz[i] * dt;
    }
}

static double energy(const system_state *s)
{
    double e = 0;
    for (int i = 0; i < BODIES; i++) {
        e += 0.5 * s->mass[i] * (s->vx[i] * s->vx[i] + s->vy[i] * s->vy[i] + s->vz[i] * s->vz[i]);
        for (int j = i + 1; j < BODIES; j++) {
            double dx = s->x[j] - s->x[i], dy = s->y[j] - s->y[i], dz = s->z[j] - s->z[i];
            e -= s->mass[i] * s->mass[j] / sqrt(dx * dx + dy * dy + dz * dz + softening2);
        }
    }
    return e;
}

int main(int argc, char **argv)
{
    /* Size is the number of time steps. */
    uint32_t steps = bench_size(argc, argv, 12000);
    system_state *s = bench_alloc(sizeof *s);
    place_bodies(s);
    printf("energy before %.12f\n", energy(s));
    for (uint32_t t = 0; t < steps; t++)
        step(s, 0.001);
    double e = energy(s);
    printf("energy after  %.12f\n", e);
    uint64_t h = bench_mix(BENCH_MIX_INIT, bench_bits(e));
    for (int i = 0; i < BODIES; i++)
        h = bench_mix(bench_mix(bench_mix(h, bench_bits(s->x[i])), bench_bits(s->y[i])), bench_bits(s->z[i]));
    free(s);
    bench_print_checksum(h);
    return 0;
}
