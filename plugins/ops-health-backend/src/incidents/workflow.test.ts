import { ConflictError } from '@backstage/errors';
import {
  allowedTransitions,
  checkTransition,
  missingPostmortemParts,
} from './workflow';
import { computeMttaMttr } from './metrics';

const complete = {
  summary: 'Checkout was down',
  impact: '20 minutes of failed orders',
  rootCause: 'Expired certificate',
  actionItems: [
    {
      text: 'Alert on certificate expiry',
      owner: 'team-a',
      dueDate: '2026-12-15',
    },
  ],
  monitoringChanges: 'Certificate expiry check added',
};

describe('checkTransition', () => {
  it('returns every phase reached moving forward', () => {
    expect(checkTransition('detection', 'assessment')).toEqual(['assessment']);
    expect(checkTransition('assessment', 'recovery')).toEqual([
      'containment',
      'eradication',
      'recovery',
    ]);
  });

  it('needs a note to step back and names the allowed targets', () => {
    expect(() => checkTransition('recovery', 'containment')).toThrow(
      ConflictError,
    );
    expect(() => checkTransition('recovery', 'containment')).toThrow(
      /forward to lessons-learned; back to detection, assessment, containment, eradication with a note/,
    );
    expect(() =>
      checkTransition('recovery', 'containment', { note: '  ' }),
    ).toThrow(ConflictError);
    expect(
      checkTransition('recovery', 'containment', { note: 'it came back' }),
    ).toEqual(['containment']);
    expect(
      checkTransition('closed', 'lessons-learned', { note: 'reopened' }),
    ).toEqual(['lessons-learned']);
  });

  it('rejects staying in the same phase', () => {
    expect(() => checkTransition('containment', 'containment')).toThrow(
      /already in containment.*allowed from containment/,
    );
  });

  it('closes only with a complete post-mortem', () => {
    expect(() => checkTransition('lessons-learned', 'closed')).toThrow(
      /missing: summary, impact, rootCause, at least one action item \(text, owner and due date\), monitoringChanges/,
    );
    expect(() =>
      checkTransition('lessons-learned', 'closed', {
        postmortem: {
          ...complete,
          actionItems: [{ text: 'Fix it', owner: '', dueDate: '2026-12-01' }],
        },
      }),
    ).toThrow(/missing: actionItems\[0\]\.owner$/);
    expect(
      checkTransition('lessons-learned', 'closed', { postmortem: complete }),
    ).toEqual(['closed']);
    expect(missingPostmortemParts(complete)).toEqual([]);
  });

  it('closes only from lessons-learned, also a reopened incident with a complete post-mortem', () => {
    for (const from of ['detection', 'assessment', 'recovery'] as const) {
      expect(() =>
        checkTransition(from, 'closed', { postmortem: complete }),
      ).toThrow(
        `An incident closes from lessons-learned, where its post-mortem is reviewed; move it to lessons-learned first (allowed from ${from}: forward to`,
      );
      expect(allowedTransitions(from).map(t => t.to)).not.toContain('closed');
    }
  });

  it('lists the allowed transitions', () => {
    expect(allowedTransitions('closed').map(t => t.to)).toEqual([
      'detection',
      'assessment',
      'containment',
      'eradication',
      'recovery',
      'lessons-learned',
    ]);
    expect(allowedTransitions('closed').every(t => t.requiresNote)).toBe(true);
    expect(allowedTransitions('lessons-learned')).toEqual([
      expect.objectContaining({ to: 'detection', requiresNote: true }),
      expect.objectContaining({ to: 'assessment' }),
      expect.objectContaining({ to: 'containment' }),
      expect.objectContaining({ to: 'eradication' }),
      expect.objectContaining({ to: 'recovery' }),
      {
        to: 'closed',
        direction: 'forward',
        requiresNote: false,
        requiresPostmortem: true,
      },
    ]);
  });
});

describe('computeMttaMttr', () => {
  it('averages detection to assessment and to recovery', () => {
    const t = (minutes: number) =>
      new Date(Date.UTC(2026, 10, 26, 10, minutes));
    expect(
      computeMttaMttr([
        { detectionAt: t(0), assessmentAt: t(5), recoveryAt: t(30) },
        { detectionAt: t(10), assessmentAt: t(25), recoveryAt: t(70) },
        { detectionAt: t(20), assessmentAt: t(21) },
        { detectionAt: t(30) },
      ]),
    ).toEqual({
      mttaMs: ((5 + 15 + 1) / 3) * 60_000,
      acknowledgedCount: 3,
      mttrMs: ((30 + 60) / 2) * 60_000,
      recoveredCount: 2,
      incidentCount: 4,
    });
    expect(computeMttaMttr([])).toEqual({
      acknowledgedCount: 0,
      recoveredCount: 0,
      incidentCount: 0,
    });
  });
});
