// The pure parts of the Prometheus source: rate windows and steps from the scrape interval, the
// workload a pod belongs to, Prometheus durations, and the container id and host of a series.
import * as assert from 'node:assert/strict';
import { rangeStepSeconds, rateWindowSeconds, workloadFromOwner, workloadOf } from '../../../src/stats';
import { containerIdOf, hostOf } from '../../../src/stats/prometheus/replicas';
import { parsePromDuration } from '../../../src/stats/prometheus/source';

describe('Prometheus source: pure parts', () => {
  it('rate windows: 4 × the scrape interval, at least step + interval for ranges', () => {
    assert.equal(rateWindowSeconds(1), 4);
    assert.equal(rateWindowSeconds(15), 60);
    assert.equal(rateWindowSeconds(15, 288), 303);
    assert.equal(rateWindowSeconds(0.5), 4, 'never below 4 s');
  });

  it('range steps: about 300 points, never finer than the scrape interval', () => {
    assert.equal(rangeStepSeconds('15m', 1), 3);
    assert.equal(rangeStepSeconds('1h', 15), 15);
    assert.equal(rangeStepSeconds('6h', 15), 72);
    assert.equal(rangeStepSeconds('24h', 15), 288);
  });

  it('workloads from pod names', () => {
    assert.deepEqual(workloadOf('web-7d9cf5b6c8-x2x4k'), { name: 'web', kind: 'Deployment', source: 'name-pattern' });
    assert.deepEqual(workloadOf('my-api-5f6b7c8d9-q5z7m'), { name: 'my-api', kind: 'Deployment', source: 'name-pattern' });
    assert.deepEqual(workloadOf('db-0'), { name: 'db', kind: 'StatefulSet', source: 'name-pattern' });
    assert.deepEqual(workloadOf('web-12'), { name: 'web', kind: 'StatefulSet', source: 'name-pattern' });
    assert.deepEqual(workloadOf('fluentd-x2x4k'), { name: 'fluentd', kind: 'DaemonSet', source: 'name-pattern' });
    assert.deepEqual(workloadOf('backup-28312345-x2x4k'), { name: 'backup', kind: 'CronJob', source: 'name-pattern' });
    assert.deepEqual(workloadOf('lonely'), { name: 'lonely', kind: 'Pod', source: 'name-pattern' });
    assert.equal(workloadOf('web-abcde').kind, 'Pod', 'vowels never appear in generated suffixes');
  });

  it('workloads from kube_pod_owner (and kube_replicaset_owner)', () => {
    assert.deepEqual(workloadFromOwner('web-7d9cf5b6c8-x2x4k', 'ReplicaSet', 'web-7d9cf5b6c8'), { name: 'web', kind: 'Deployment', source: 'kube_pod_owner' });
    assert.deepEqual(workloadFromOwner('p', 'ReplicaSet', 'web-7d9cf5b6c8', { kind: 'Deployment', name: 'web' }), { name: 'web', kind: 'Deployment', source: 'kube_pod_owner' });
    assert.deepEqual(workloadFromOwner('p', 'ReplicaSet', 'bare-rs', { kind: '<none>', name: '<none>' }), { name: 'bare-rs', kind: 'ReplicaSet', source: 'kube_pod_owner' });
    assert.deepEqual(workloadFromOwner('db-0', 'StatefulSet', 'db'), { name: 'db', kind: 'StatefulSet', source: 'kube_pod_owner' });
    assert.deepEqual(workloadFromOwner('b-1-x', 'Job', 'backup-28312345'), { name: 'backup', kind: 'CronJob', source: 'kube_pod_owner' });
    assert.deepEqual(workloadFromOwner('solo', '<none>', '<none>'), { name: 'solo', kind: 'Pod', source: 'kube_pod_owner' });
  });

  it('Prometheus durations', () => {
    assert.equal(parsePromDuration('15s'), 15);
    assert.equal(parsePromDuration('1m30s'), 90);
    assert.equal(parsePromDuration('500ms'), 0.5);
    assert.equal(parsePromDuration('1h'), 3600);
    assert.equal(parsePromDuration('x'), undefined);
    assert.equal(parsePromDuration(''), undefined);
  });

  it('a series\' container id (cgroupfs, systemd, kubepods) and host (host, node, else instance)', () => {
    const id = 'ab'.repeat(32);
    assert.equal(containerIdOf({ id: `/docker/${id}` }), id);
    assert.equal(containerIdOf({ id: `/system.slice/docker-${id}.scope` }), id);
    assert.equal(containerIdOf({ id: `/kubepods/burstable/pod123/${id}` }), id);
    assert.equal(containerIdOf({ id: '/kubepods/pod1/abc' }), 'abc');
    assert.equal(hostOf({ host: 'a', instance: '10.0.0.1:9338' }), 'a');
    assert.equal(hostOf({ node: 'n1', instance: '10.0.0.1:10250' }), 'n1');
    assert.equal(hostOf({ instance: '10.0.0.1:9338' }), '10.0.0.1:9338');
    assert.equal(hostOf({ machine: 'm', instance: 'i' }, 'machine'), 'm');
  });
});
