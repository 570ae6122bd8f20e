import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * A Lua script run by its SHA (EVALSHA), sent in full only when the server does not know it yet
 * (first use, or after a restart emptied its script cache).
 */
export class RedisScript {
  private readonly sha: string;

  constructor(private readonly lua: string) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }

  async run(client: Redis, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    try {
      return await client.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!String(error).includes('NOSCRIPT')) throw error;
      return client.eval(this.lua, keys.length, ...keys, ...args);
    }
  }
}

/**
 * KEYS[1] = entry, KEYS[2..] = its tags; ARGV[1] = stored form (see `stampEntry`), ARGV[2] = ttl ms,
 * ARGV[3..] = the tags' stamped versions. Writes only when no tag changed since it was stamped,
 * and keeps each tag at least as long as the entry. Returns 1 when written.
 */
export const WRITE_ENTRY = new RedisScript(`
local ttl = tonumber(ARGV[2])
for i = 2, #KEYS do
  if redis.call('GET', KEYS[i]) ~= ARGV[i + 1] then return 0 end
end
for i = 2, #KEYS do
  if redis.call('PTTL', KEYS[i]) < ttl then redis.call('PEXPIRE', KEYS[i], ttl) end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
return 1
`);

/**
 * KEYS = tags; ARGV[1] = version for tags that have none, ARGV[2] = its ttl ms. Returns each
 * tag's version.
 */
export const STAMP_TAGS = new RedisScript(`
local versions = {}
for i = 1, #KEYS do
  local version = redis.call('GET', KEYS[i])
  if not version then
    version = ARGV[1]
    redis.call('SET', KEYS[i], version, 'PX', ARGV[2])
  end
  versions[i] = version
end
return versions
`);

/** KEYS[1] = lock, ARGV[1] = token. Deletes the lock only while the token still holds it. */
export const RELEASE_LOCK = new RedisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);
