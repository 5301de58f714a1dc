import { cancelTransition, evaluateTransition } from './transition';
import { at, MINUTE, result } from './__testUtils__/alertingTestUtils';
import { Alert } from './types';

const rule = { firingAfter: 2, resolvingAfter: 2 };

function applied(
  current: Alert | undefined,
  ...steps: Parameters<typeof result>[]
) {
  let alert = current;
  const all = [];
  for (const step of steps) {
    const t = evaluateTransition(alert, result(...step), rule, step[1]);
    all.push(t);
    if (!t) continue;
    if (t.kind === 'insert') alert = t.alert;
    else {
      const { open: _open, ...fields } = t.patch;
      alert = Object.fromEntries(
        Object.entries({ ...t.alert, ...fields }).filter(
          ([, v]) => v !== null && v !== undefined,
        ),
      ) as unknown as Alert;
    }
  }
  return { alert, transitions: all };
}

describe('evaluateTransition', () => {
  it('opens a pending alert, fires it after firingAfter conditions', () => {
    const { alert, transitions } = applied(
      undefined,
      ['warning', at(0)],
      ['critical', at(MINUTE)],
    );
    expect(transitions.map(t => t?.events.map(e => e.type))).toEqual([
      ['pending'],
      ['fired'],
    ]);
    expect(transitions.map(t => t?.notify)).toEqual([false, true]);
    expect(alert).toMatchObject({
      state: 'firing',
      severity: 'critical',
      breaches: 2,
      clears: 0,
      firstSeen: at(0),
      lastSeen: at(MINUTE),
      firedAt: at(MINUTE),
      dedupKey: 'component:default/checkout-service|replication|media',
    });
  });

  it('leaves the alert alone for unknown, misconfigured, stale and already-evaluated results', () => {
    const { alert } = applied(undefined, ['critical', at(0)]);
    expect(
      evaluateTransition(
        alert,
        result('unknown', at(MINUTE)),
        rule,
        at(MINUTE),
      ),
    ).toBeUndefined();
    expect(
      evaluateTransition(
        alert,
        result('misconfigured', at(MINUTE)),
        rule,
        at(MINUTE),
      ),
    ).toBeUndefined();
    expect(
      evaluateTransition(
        alert,
        { ...result('critical', at(MINUTE)), stale: true },
        rule,
        at(MINUTE),
      ),
    ).toBeUndefined();
    expect(
      evaluateTransition(alert, result('critical', at(0)), rule, at(MINUTE)),
    ).toBeUndefined();
    expect(
      evaluateTransition(undefined, result('ok', at(0)), rule, at(0)),
    ).toBeUndefined();
  });

  it('notifies a raised severity while firing, not a lowered one', () => {
    const { alert: firing } = applied(
      undefined,
      ['warning', at(0)],
      ['warning', at(MINUTE)],
    );
    const raised = evaluateTransition(
      firing,
      result('critical', at(2 * MINUTE)),
      rule,
      at(2 * MINUTE),
    )!;
    expect(raised.events.map(e => [e.type, e.severity])).toEqual([
      ['severity-changed', 'critical'],
    ]);
    expect(raised.notify).toBe(true);
    const { alert: critical } = applied(firing, ['critical', at(2 * MINUTE)]);
    const lowered = evaluateTransition(
      critical,
      result('warning', at(3 * MINUTE)),
      rule,
      at(3 * MINUTE),
    )!;
    expect(lowered.events.map(e => e.type)).toEqual(['severity-changed']);
    expect(lowered.notify).toBe(false);
  });

  it('resolves a firing alert after resolvingAfter clears, cancels a pending one', () => {
    const { alert: resolved, transitions } = applied(
      undefined,
      ['critical', at(0)],
      ['critical', at(MINUTE)],
      ['ok', at(2 * MINUTE)],
      ['ok', at(3 * MINUTE)],
    );
    expect(transitions[2]?.events).toEqual([]);
    expect(transitions[3]).toMatchObject({
      notify: true,
      patch: { state: 'resolved', open: false, resolvedAt: at(3 * MINUTE) },
    });
    expect(resolved).toMatchObject({
      state: 'resolved',
      message: 'Latency 30 s',
      value: 30,
    });

    const { transitions: flapping } = applied(
      undefined,
      ['critical', at(0)],
      ['ok', at(MINUTE)],
      ['critical', at(2 * MINUTE)],
      ['ok', at(3 * MINUTE)],
      ['ok', at(4 * MINUTE)],
    );
    expect(flapping.map(t => t?.events.map(e => e.type))).toEqual([
      ['pending'],
      [],
      [],
      [],
      ['cancelled'],
    ]);
    expect(flapping.some(t => t?.notify)).toBe(false);
  });

  it('cancels an alert whose result is gone', () => {
    const { alert } = applied(
      undefined,
      ['critical', at(0)],
      ['critical', at(MINUTE)],
    );
    expect(cancelTransition(alert!, at(2 * MINUTE))).toMatchObject({
      notify: false,
      patch: { state: 'cancelled', open: false },
      events: [{ type: 'cancelled', fromState: 'firing' }],
    });
  });
});
