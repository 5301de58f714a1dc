import { SlackChannel, buildSlackMessage } from './SlackChannel';
import {
  makeAlert,
  makeContext,
  makeNotification,
  Receiver,
  startReceiver,
} from './__testUtils__/receiver';

describe('SlackChannel', () => {
  let receiver: Receiver;

  beforeEach(async () => {
    receiver = await startReceiver();
  });

  afterEach(async () => {
    await receiver.close();
  });

  function channel(timeoutMs = 2000) {
    return new SlackChannel({
      name: 'ops-slack',
      minSeverity: 'warning',
      url: receiver.url,
      timeoutMs,
      appBaseUrl: 'https://portal.example.com',
    });
  }

  it('posts { text, blocks } with a header, the entity link and one section per alert', async () => {
    const notification = makeNotification({
      alerts: [
        makeAlert(),
        makeAlert({
          dedupKey: 'k2',
          checkId: 'cost',
          subject: 'daily',
          severity: 'warning',
          value: 123.456,
          threshold: 100,
          unit: 'USD',
          message: 'Daily cost above threshold',
          runbookUrl: undefined,
        }),
        makeAlert({
          dedupKey: 'k3',
          status: 'resolved',
          message: 'Back to normal',
        }),
      ],
    });

    await channel().deliver(notification, makeContext());

    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/services/T000/B000/s3cr3tT0k3n');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['idempotency-key']).toBe('ntf-1:ops-channel');

    const body = JSON.parse(request.body.toString('utf8'));
    expect(Object.keys(body).sort()).toEqual(['blocks', 'text']);
    expect(body.text).toContain('billing-api: replication critical');

    const [header, entity, ...sections] = body.blocks;
    expect(header).toEqual({
      type: 'header',
      text: {
        type: 'plain_text',
        text: ':red_circle: billing-api: replication critical',
        emoji: true,
      },
    });
    expect(entity.text.text).toBe(
      '*Entity:* `component:default/billing-api` · <https://portal.example.com/catalog/default/component/billing-api/ops-health|Open in the portal>',
    );
    expect(sections).toHaveLength(3);
    expect(sections.every((s: any) => s.type === 'section')).toBe(true);

    const critical = sections[0].text.text;
    expect(critical).toContain(':red_circle: *Critical* · Firing');
    expect(critical).toContain('*S3 replication* — billing-data');
    expect(critical).toContain('Replication latency 4,200 s is above 3,600 s');
    expect(critical).toContain('Value: *4,200 s* · Threshold: *3,600 s*');
    expect(critical).toContain(
      '<https://runbooks.example.com/s3-replication#latency|Runbook>',
    );

    const warning = sections[1].text.text;
    expect(warning).toContain(':large_orange_circle: *Warning* · Firing');
    expect(warning).toContain('Value: *123.46 USD* · Threshold: *100 USD*');
    expect(warning).not.toContain('Runbook');

    expect(sections[2].text.text).toContain(':white_check_mark:');
    expect(sections[2].text.text).toContain('Resolved');
  });

  it('escapes Slack control characters and drops non-http runbook links', () => {
    const message = buildSlackMessage(
      makeNotification({
        title: 'a <b> & c',
        alerts: [
          makeAlert({
            message: 'bucket <!channel> & more',
            runbookUrl: 'ftp://files.example.com/runbook',
          }),
        ],
      }),
    );
    const section = (message.blocks[2] as any).text.text as string;
    expect(section).toContain('bucket &lt;!channel&gt; &amp; more');
    expect(section).not.toContain('Runbook');
    expect(message.text).toContain('a &lt;b&gt; &amp; c');
    // No base URL: a relative entity link cannot be made absolute, so none.
    expect((message.blocks[1] as any).text.text).not.toContain('<');
  });

  it('stays within the 50-block limit and counts the alerts left out', () => {
    const alerts = Array.from({ length: 60 }, (_, i) =>
      makeAlert({ dedupKey: `k${i}`, subject: `bucket-${i}` }),
    );
    const message = buildSlackMessage(makeNotification({ alerts }), {
      appBaseUrl: 'https://portal.example.com/',
    });
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    const last = message.blocks[message.blocks.length - 1] as any;
    expect(last.type).toBe('context');
    expect(last.elements[0].text).toContain('…and 20 more alerts');
  });

  it('throws with the status and the start of the body, never the URL, on a non-2xx', async () => {
    receiver.respondWith((_req, res) => {
      res.statusCode = 500;
      res.end(`internal_error at ${receiver.url} ${'x'.repeat(500)}`);
    });

    const error: Error = await channel()
      .deliver(makeNotification(), makeContext())
      .then(
        () => {
          throw new Error('expected a failure');
        },
        e => e,
      );

    expect(error.message).toMatch(
      /^Slack channel 'ops-slack': HTTP 500 Internal Server Error: internal_error at <redacted url> x+$/,
    );
    expect(error.message).not.toContain('s3cr3tT0k3n');
    expect(error.message).not.toContain('127.0.0.1');
    // status line + the first 200 characters of the body
    expect(error.message.split(': ').slice(2).join(': ')).toHaveLength(200);
  });

  it('treats a redirect as a failure and does not follow it', async () => {
    receiver.respondWith((req, res) => {
      if (req.path === '/elsewhere') {
        res.end('ok');
        return;
      }
      res.statusCode = 302;
      res.setHeader('Location', '/elsewhere');
      res.end();
    });
    await expect(
      channel().deliver(makeNotification(), makeContext()),
    ).rejects.toThrow("Slack channel 'ops-slack': HTTP 302");
    expect(receiver.requests.map(r => r.path)).toEqual([
      '/services/T000/B000/s3cr3tT0k3n',
    ]);
  });

  it('times out', async () => {
    receiver.respondWith(() => {
      // never answers
    });
    const started = Date.now();
    await expect(
      channel(150).deliver(makeNotification(), makeContext()),
    ).rejects.toThrow(
      "Slack channel 'ops-slack': request timed out after 150 ms",
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("rethrows the dispatcher's abort reason", async () => {
    receiver.respondWith(() => {});
    const controller = new AbortController();
    const reason = new Error('shutting down');
    setTimeout(() => controller.abort(reason), 50);
    await expect(
      channel().deliver(
        makeNotification(),
        makeContext({ signal: controller.signal }),
      ),
    ).rejects.toBe(reason);
  });

  it('does not leak the URL when the connection fails', async () => {
    await receiver.close();
    const error: Error = await channel()
      .deliver(makeNotification(), makeContext())
      .catch(e => e);
    expect(error.message).toMatch(
      /^Slack channel 'ops-slack': request failed: /,
    );
    expect(error.message).not.toContain('s3cr3tT0k3n');
    receiver = await startReceiver();
  });

  it('does not expose the URL when serialised', () => {
    expect(JSON.stringify(channel())).not.toContain('s3cr3tT0k3n');
  });

  it('carries one acknowledge button per paged person, as link buttons to the portal', () => {
    const message = buildSlackMessage(
      makeNotification({
        kind: 'escalation',
        alerts: [],
        acknowledge: {
          incidentId: 'i1',
          links: [
            {
              recipient: 'user:default/dave',
              name: 'Dave',
              url: '/ops-health/acknowledge?token=abc.def',
            },
          ],
        },
      }),
      { appBaseUrl: 'https://portal.example.com' },
    );
    const actions = message.blocks.find(b => b.type === 'actions');
    expect(actions).toEqual({
      type: 'actions',
      elements: [
        {
          type: 'button',
          style: 'primary',
          text: {
            type: 'plain_text',
            text: 'Acknowledge as Dave',
            emoji: false,
          },
          url: 'https://portal.example.com/ops-health/acknowledge?token=abc.def',
          action_id: 'ops-health-ack-user:default/dave',
        },
      ],
    });
    expect(
      buildSlackMessage(
        makeNotification({ kind: 'escalation', alerts: [] }),
      ).blocks.some(b => b.type === 'actions'),
    ).toBe(false);
  });
});
