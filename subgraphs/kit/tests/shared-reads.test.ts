import { sharedReads, type FeedItem } from '../src/events/live-feed.js';

const item = (cursor: string): FeedItem => ({ kind: 'resync', cursor, occurredAt: new Date().toISOString(), replayLimit: 1, reason: 'test' });

test('subscribers of one item with the same key share one read; another key or item reads again', async () => {
  const shared = sharedReads();
  let reads = 0;
  const read = async () => ++reads;
  const results = await Promise.all(Array.from({ length: 500 }, () => shared(item('7.1'), 'org-a', read)));
  expect(new Set(results)).toEqual(new Set([1]));
  expect(await shared(item('7.1'), 'org-b', read)).toBe(2);
  expect(await shared(item('7.2'), 'org-a', read)).toBe(3);
});

test('a failed read is not shared: the next subscriber reads again', async () => {
  const shared = sharedReads();
  await expect(shared(item('8.1'), 'k', () => Promise.reject(new Error('database gone')))).rejects.toThrow('database gone');
  await expect(shared(item('8.1'), 'k', async () => 'ok')).resolves.toBe('ok');
});
