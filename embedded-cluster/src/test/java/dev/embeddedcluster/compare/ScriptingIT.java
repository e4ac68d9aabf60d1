package dev.embeddedcluster.compare;

import org.junit.jupiter.api.Test;

/**
 * Lua scripting (EVAL, EVALSHA, their _RO forms and SCRIPT) against a real redis-server 7.0 in
 * cluster mode: conversions both ways in RESP2 and RESP3, the redis.* API, the sandbox, the
 * bundled libraries, shebang flags, slot rules and every error text.
 */
class ScriptingIT extends ComparisonSupport {

    /** EVAL and EVALSHA replies, compile and run-time errors, SCRIPT subcommands, shebang flags and slots. */
    @Test
    void evalBasicsAndErrors() {
        same("eval", "return 1", "0");
        same("eval", "return x", "0");
        same("eval", "x = 1", "0");
        same("eval", "error('boom')", "0");
        same("eval", "error({err='MY bad'})", "0");
        same("eval", "error('boom', 0)", "0");
        same("eval", "local t = nil; return t.x", "0");
        same("eval", "local t = nil; return t + 1", "0");
        same("eval", "return redis.call('nosuch')", "0");
        same("eval", "return redis.call('get')", "0");
        same("eval", "return redis.pcall('nosuch')", "0");
        same("eval", "return redis.call('incr', KEYS[1])", "1", "{a}s");
        same("set", "{a}s", "x");
        same("eval", "return redis.call('incr', KEYS[1])", "1", "{a}s");
        same("eval", "return redis.pcall('incr', KEYS[1])", "1", "{a}s");
        same("eval", "return redis.error_reply('My Error')", "0");
        same("eval", "return redis.error_reply('x')", "0");
        same("eval", "return redis.status_reply('FINE')", "0");
        same("eval", "return {1,2,3,'x',nil,5}", "0");
        same("eval", "return 3.99", "0");
        same("eval", "return true", "0");
        same("eval", "return false", "0");
        same("eval", "return nil", "0");
        same("eval", "return redis.breakpoint()", "0");
        same("eval", "return redis.debug('x')", "0");
        same("eval", "return redis.replicate_commands()", "0");
        same("eval", "return redis.sha1hex('')", "0");
        same("eval", "return 'x' .. nil", "0");
        same("eval", "return {err='x'}", "0");
        same("eval", "return redis.call('get', 'b')", "1", "a");
        same("eval", "return 1", "2", "a", "b");
        same("eval", "syntax error here", "0");
        same("eval", "return (", "0");
        same("evalsha", "abc", "0");
        same("evalsha", "ffffffffffffffffffffffffffffffffffffffff", "0");
        same("eval", "return 1", "-1");
        same("eval", "return 1", "5");
        same("eval", "return 1", "x");
        same("script", "load", "return 1");
        same("script", "exists", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "abc");
        same("script", "help");
        same("script", "kill");
        same("script", "flush", "x");
        same("script", "flush");
        same("script", "foo");
        same("eval_ro", "return redis.call('set','{a}x',1)", "1", "{a}x");
        same("eval", "#!lua flags=no-writes\nreturn redis.call('set','{a}x',1)", "1", "{a}x");
        same("eval", "#!lua flags=no-cluster\nreturn 1", "0");
        same("eval", "#!lua flags=bad\nreturn 1", "0");
        same("eval", "#!lua x=1\nreturn 1", "0");
        same("eval", "#!luax\nreturn 1", "0");
        same("eval", "#!lua", "0");
        same("eval", "#!lua\nreturn redis.call('get','a')", "0");
        same("eval", "return redis.call('get','a')", "0");
        same("eval", "return redis.call('get','{a}x')", "1", "{a}y");
        same("eval", "return redis.call('get','b')", "1", "{a}y");
        same("eval", "#!lua\nreturn redis.call('get','b')", "1", "{a}y");
        same("eval", "#!lua flags=allow-cross-slot-keys\nreturn redis.call('get','b')", "1", "{a}y");
        same("eval", "return redis.call('get','a')..redis.call('get','b')", "0");
    }

    /** redis.call and redis.pcall, the redis.* helpers, RESP3 replies inside scripts and the read-only globals. */
    @Test
    void redisApiAndSandbox() {
        same("eval", "#!lua\nreturn redis.call('get','a')", "0");
        same("eval", "#!lua\nreturn {redis.call('get','a'), redis.call('get','b')}", "0");
        same("eval", "return redis.call('mget','a','b')", "0");
        same("eval", "return {pcall(redis.call, 'nosuch')}", "0");
        same("eval", "return {pcall(error, 'x')}", "0");
        same("eval", "local ok, e = pcall(function() error({err='TAB x'}) end); return {tostring(ok), type(e), e}", "0");
        same("eval", "local ok, e = pcall(function() error('plain') end); return {tostring(ok), type(e), e}", "0");
        same("eval", "local ok, e = pcall(function() return redis.call('incr','{a}s') end); return {tostring(ok), type(e), e}", "0");
        same("eval", "local r = redis.pcall('incr','{a}s'); return {type(r), r['err']}", "0");
        same("eval", "return redis.call('multi')", "0");
        same("eval", "return redis.call('blpop','{a}l',0)", "0");
        same("eval", "return redis.call('eval','return 1',0)", "0");
        same("eval", "return redis.call('ping')", "0");
        same("eval", "return redis.call('ping')['ok']", "0");
        same("eval", "return redis.call()", "0");
        same("eval", "return redis.call({})", "0");
        same("eval", "return redis.call('set','{a}x',1.5)", "0");
        same("eval", "return redis.call('set','{a}x',0.1)", "0");
        same("eval", "return redis.call('get','{a}x')", "0");
        same("eval", "return redis.setresp(4)", "0");
        same("eval", "redis.setresp(3); return redis.call('hgetall','{a}h')", "0");
        same("hset", "{a}h", "f", "v");
        same("eval", "redis.setresp(3); local r = redis.call('hgetall','{a}h'); return r['map']['f']", "0");
        same("eval", "redis.setresp(3); return redis.call('hgetall','{a}h')", "0");
        same("eval", "return redis.call('hgetall','{a}h')", "0");
        same("eval", "redis.setresp(3); return {double=3.5}", "0");
        same("eval", "return {double=3.5}", "0");
        same("eval", "return {big_number='123'}", "0");
        same("eval", "return {map={a=1}}", "0");
        same("eval", "return {set={a=true}}", "0");
        same("eval", "return {verbatim_string={format='txt',string='hello'}}", "0");
        same("eval", "return _VERSION", "0");
        same("eval", "return type(loadstring)", "0");
        same("eval", "return loadstring('return 7')()", "0");
        same("eval", "return type(os)", "0");
        same("eval", "return type(io)", "0");
        same("eval", "return print", "0");
        same("eval", "return type(setfenv)", "0");
        same("eval", "return type(cjson), type(cmsgpack), type(bit), type(struct)", "0");
        same("eval", "return redis.REDIS_VERSION", "0");
        same("eval", "return redis.REDIS_VERSION_NUM", "0");
        same("eval", "return {redis.REPL_NONE, redis.REPL_AOF, redis.REPL_SLAVE, redis.REPL_REPLICA, redis.REPL_ALL}", "0");
        same("eval", "return redis.set_repl(99)", "0");
        same("eval", "return redis.log(redis.LOG_WARNING, 'hi')", "0");
        same("eval", "return redis.log(99, 'hi')", "0");
        same("eval", "return redis.log(1)", "0");
        same("eval", "return redis.sha1hex()", "0");
        same("eval", "return redis.status_reply()", "0");
        same("eval", "return redis.error_reply(1)", "0");
        same("eval", "string.foo = 1", "0");
        same("eval", "redis.call = nil", "0");
        same("eval", "KEYS = 1", "0");
        same("eval", "local t = {} ; setmetatable(_G, nil)", "0");
    }

    /** The globals and library functions a script sees. */
    @Test
    void globalsAndLibrariesListed() {
        same("eval", "local r = {} for k in pairs(_G) do r[#r+1]=k end table.sort(r) return r", "0");
        same("eval", "local r = {} for k in pairs(redis) do r[#r+1]=k end table.sort(r) return r", "0");
        same("eval", "local r = {} for _,lib in ipairs({'string','table','math','cjson','cmsgpack','bit','struct','coroutine'}) do for k in pairs(_G[lib]) do r[#r+1]=lib..'.'..k end end table.sort(r) return r", "0");
        same("eval", "return -3.7", "0");
        same("eval", "return 1e300", "0");
    }

    /** The bit library. */
    @Test
    void coroutines() {
        same("eval", "local co = coroutine.create(function(a, b) local c = coroutine.yield(a + b) local d, e = coroutine.yield(c * 2) return d + e end) "
                + "local r = {} local ok, v = coroutine.resume(co, 1, 2) r[1] = v ok, v = coroutine.resume(co, 10) r[2] = v "
                + "ok, v = coroutine.resume(co, 3, 4) r[3] = v r[4] = coroutine.status(co) ok, v = coroutine.resume(co) r[5] = tostring(ok) r[6] = v return r", "0");
        same("eval", "local gen = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end end) return {gen(), gen(), gen()}", "0");
        same("eval", "local inner = coroutine.wrap(function() coroutine.yield('a') coroutine.yield('b') end) "
                + "local outer = coroutine.wrap(function() coroutine.yield(inner()) coroutine.yield(inner()) end) return {outer(), outer()}", "0");
        same("eval", "local co = coroutine.create(function() return type(coroutine.running()) end) return {coroutine.resume(co)}", "0");
        same("eval", "local co = coroutine.create(function() redis.call('set', KEYS[1], 'v') coroutine.yield() end) "
                + "coroutine.resume(co) return {coroutine.status(co), redis.call('get', KEYS[1])}", "1", "{co}k");
        same("eval", "local co = coroutine.create(function() return 1 end) return {coroutine.resume(co), coroutine.status(co), coroutine.resume(co)}", "0");
        // errors inside a coroutine: their texts, Redis's error tables, and wrap passing them on
        same("eval", "local co = coroutine.create(function() error('boom') end) return {coroutine.resume(co)}", "0");
        same("eval", "local co = coroutine.create(function() local t = nil; return t.x end) return {coroutine.resume(co)}", "0");
        same("eval", "local co = coroutine.create(function() local x = nosuchglobal end) return {coroutine.resume(co)}", "0");
        same("eval", "local co = coroutine.create(function() return redis.call('nosuch') end) return {coroutine.resume(co)}", "0");
        same("eval", "local co = coroutine.create(function() return redis.pcall('nosuch') end) local ok, v = coroutine.resume(co) return {tostring(ok), v}", "0");
        same("eval", "local co = coroutine.create(function() error({err='custom'}) end) local ok, e = coroutine.resume(co) return {tostring(ok), type(e), e.err}", "0");
        same("eval", "local gen = coroutine.wrap(function() error('inner') end) return gen()", "0");
        same("eval", "local gen = coroutine.wrap(function() error({err='custom'}) end) return gen()", "0");
        // what Lua 5.1 refuses
        same("eval", "return coroutine.yield(1)", "0");
        same("eval", "return coroutine.status(coroutine.running())", "0");
        same("eval", "return coroutine.create(nil)", "0");
        same("eval", "return coroutine.create(print)", "0");
        same("eval", "return coroutine.wrap(1)", "0");
        same("eval", "return coroutine.resume(1)", "0");
        same("eval", "return coroutine.status('x')", "0");
    }

    @Test
    void bitLibrary() {
        same("eval", "return {bit.tobit(0xffffffff), bit.tobit(2^32+5), bit.bnot(0), bit.band(0xff, 0x0f, 0x3), bit.bor(1,2,4), bit.bxor(5,3)}", "0");
        same("eval", "return {bit.lshift(1, 31), bit.rshift(-1, 28), bit.arshift(-256, 4), bit.rol(0x12345678, 8), bit.ror(0x12345678, 8), bit.bswap(0x12345678)}", "0");
        same("eval", "return {bit.tohex(255), bit.tohex(-1, -4), bit.tohex(255, 2), bit.tohex(0x12345678, 12), bit.tobit(1.5), bit.tobit(2.5), bit.tobit(-1.5)}", "0");
        same("eval", "return bit.tobit()", "0");
        same("eval", "return bit.band('x')", "0");
        same("eval", "return bit.tohex(0, 0)", "0");
    }

    /** The struct library. */
    @Test
    void structLibrary() {
        same("eval", "return struct.pack('>I2i4', 258, -2)", "0");
        same("eval", "return {struct.unpack('<hB', struct.pack('<hB', -3, 200))}", "0");
        same("eval", "return struct.pack('bBhHlLiIi3', 1, 2, 3, 4, 5, 6, 7, 8, 9)", "0");
        same("eval", "return struct.pack('s', 'abc')", "0");
        same("eval", "return struct.pack('c5', 'abc')", "0");
        same("eval", "return {struct.unpack('c0s', struct.pack('bc0s', 3, 'xyz', 'end'), 2)}", "0");
        same("eval", "return struct.size('>i4hd')", "0");
        same("eval", "return struct.size('!4bi4')", "0");
        same("eval", "return struct.pack('!4bi4', 1, 2)", "0");
        same("eval", "return tostring(struct.unpack('d', struct.pack('d', 1.5)))", "0");
        same("eval", "return tostring(struct.unpack('f', struct.pack('f', 0.1)))", "0");
        same("eval", "return struct.pack('q', 1)", "0");
        same("eval", "return struct.pack('i4')", "0");
        same("eval", "return struct.unpack('i4', 'ab')", "0");
        same("eval", "return struct.pack('i17', 1)", "0");
        same("eval", "return {struct.unpack('xbx', 'a\\5b')}", "0");
        same("eval", "return struct.size('s')", "0");
    }

    /** The cjson library: encoding, decoding and their errors. */
    @Test
    void cjsonLibrary() {
        same("eval", "return cjson.encode({1,2,3,'a',true,false})", "0");
        same("eval", "return cjson.encode({})", "0");
        same("eval", "return cjson.encode({a=1})", "0");
        same("eval", "return cjson.encode({[1]=1,[2]=2,[4]=4})", "0");
        same("eval", "return cjson.encode({[1]=1,[20]=2})", "0");
        same("eval", "return cjson.encode('a\"b\\\\c/d\\n\\r\\t\\b\\f\\1\\127\u00e9')", "0");
        same("eval", "return cjson.encode(1/0)", "0");
        same("eval", "return cjson.encode(function() end)", "0");
        same("eval", "return cjson.encode({[true]=1})", "0");
        same("eval", "return cjson.encode({[1.5]=1})", "0");
        same("eval", "return cjson.encode(cjson.null)", "0");
        same("eval", "return cjson.encode(nil)", "0");
        same("eval", "return cjson.encode()", "0");
        same("eval", "return cjson.encode(1, 2)", "0");
        same("eval", "local t = cjson.decode('[1,2.5,\"x\",null,true,{\"a\":[]}]'); return {t[1], tostring(t[2]), t[3], type(t[4]), t[5], type(t[6]), #t[6].a}", "0");
        same("eval", "return cjson.decode('\"\\\\u00e9\\\\ud83d\\\\ude00\\\\n\\\\/\"')", "0");
        same("eval", "return cjson.decode('{')", "0");
        same("eval", "return cjson.decode('[1,]')", "0");
        same("eval", "return cjson.decode('x')", "0");
        same("eval", "return cjson.decode('1 2')", "0");
        same("eval", "return cjson.decode('\"abc')", "0");
        same("eval", "return cjson.decode('{\"a\" 1}')", "0");
        same("eval", "return cjson.decode('{1:2}')", "0");
        same("eval", "return cjson.decode('[1 2]')", "0");
        same("eval", "return cjson.decode('\"\\\\x\"')", "0");
        same("eval", "return cjson.decode('')", "0");
        same("eval", "return cjson.decode()", "0");
        same("eval", "return cjson.decode('-1e2')", "0");
        same("eval", "return tostring(cjson.decode('0x10'))", "0");
        same("eval", "return cjson.decode('01')", "0");
        same("eval", "return cjson.decode(' [ ] ')", "0");
        same("eval", "return tostring(cjson.null)", "0");
        same("eval", "return cjson.encode(cjson.decode('{\"a\":null}'))", "0");
        same("eval", "return cjson.encode({{{}}})", "0");
        same("eval", "return cjson.decode('\"\\\\u0000x\"')", "0");
        same("eval", "return cjson.decode('\"\\\\ud800\"')", "0");
        same("eval", "return cjson.decode('1.')", "0");
        same("eval", "return cjson.decode('tru')", "0");
        same("eval", "return cjson.encode(-1/0)", "0");
        same("eval", "return cjson.decode('[nan]')", "0");
        same("eval", "return cjson.encode(string.rep('x',3))", "0");
    }

    /** The cmsgpack library. */
    @Test
    void cmsgpackLibrary() {
        same("eval", "return cmsgpack.pack(1, -1, 200, -200, 70000, -70000, 2^40, -2^40, 1.5, 0.1, 'abc', true, false, {1,2}, {a=1})", "0");
        same("eval", "return cmsgpack.pack(string.rep('x', 40))", "0");
        same("eval", "return {cmsgpack.unpack(cmsgpack.pack(1, 'x', {1,2,3}, 2.5))}", "0");
        same("eval", "local t = cmsgpack.unpack(cmsgpack.pack({a=5})); return t.a", "0");
        same("eval", "return {cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3), 0)}", "0");
        same("eval", "return {cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3), 2)}", "0");
        same("eval", "return {cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), 2, 0)}", "0");
        same("eval", "return cmsgpack.unpack('\\205')", "0");
        same("eval", "return cmsgpack.unpack('\\193')", "0");
        same("eval", "return cmsgpack.pack()", "0");
        same("eval", "return cmsgpack.pack({1,nil,3})", "0");
        same("eval", "return cmsgpack.pack({[1]=1,[3]=3})", "0");
        same("eval", "return cmsgpack.unpack('')", "0");
    }

    /** Both servers start a fresh generator for the class: the same calls give the same numbers. */
    @Test
    void mathRandomIsTheSameSequence() {
        same("EVAL", "return {math.random(10), math.random(5, 8), tostring(math.random())}", "0");
        same("EVAL", "math.randomseed(42); return {tostring(math.random()), math.random(100)}", "0");
        same("EVAL", "return math.random(0)", "0");
        same("EVAL", "return math.random(3, 1)", "0");
        same("EVAL", "return math.random(1, 2, 3)", "0");
    }

    @Test
    void keysArgvAndCachedScripts() {
        same("EVAL", "return {KEYS[1], KEYS[2], ARGV[1], ARGV[2], #KEYS, #ARGV}", "2", "{k}1", "{k}2", "a", "b");
        same("SCRIPT", "LOAD", "return ARGV[1] .. KEYS[1]");
        same("EVALSHA", "e3d0e3ee6e1d8dd2f7c92d1a5ee9c8e7e2d21c85", "0");
        String sha = same("SCRIPT", "LOAD", "return 'cached ' .. ARGV[1]").split("\r\n")[1];
        same("EVALSHA", sha, "0", "x");
        same("EVALSHA", sha.toUpperCase(java.util.Locale.ROOT), "0", "y");
        same("EVALSHA_RO", sha, "0", "z");
        same("SCRIPT", "EXISTS", sha, sha.toUpperCase(java.util.Locale.ROOT), "0000000000000000000000000000000000000000");
        same("SCRIPT", "FLUSH", "ASYNC");
        same("SCRIPT", "EXISTS", sha);
        same("EVALSHA", sha, "0", "x");
        same("SCRIPT", "FLUSH", "SYNC");
        same("SCRIPT");
        same("SCRIPT", "LOAD");
        same("SCRIPT", "LOAD", "return (");
        same("EVAL");
        same("EVAL", "return 1");
        same("EVAL", "return {1, {2, {3, 'x'}}, {}, {nil, 1}}", "0");
        same("EVAL", "return redis.call('set', KEYS[1], ARGV[1])", "1", "{k}s", "v");
        same("EVAL", "return redis.call('get', KEYS[1])", "1", "{k}s");
        same("EVAL", "return redis.call('lrange', KEYS[1], 0, -1)", "1", "{k}empty");
        same("EVAL", "return redis.call('xread', 'block', 0, 'streams', KEYS[1], '$')", "1", "{k}stream");
        same("EVAL", "return redis.call('cluster', 'keyslot', 'x')", "0");
        same("EVAL", "return redis.call('mget', KEYS[1], KEYS[2])", "2", "{k}s", "other");
        same("EVAL_RO", "return redis.call('get', KEYS[1])", "1", "{k}s");
        same("EVAL_RO", "return redis.call('pfcount', KEYS[1])", "1", "{k}hll");
        same("EVAL_RO", "#!lua\nreturn 1", "0");
        same("EVAL_RO", "#!lua flags=no-writes\nreturn redis.call('get', KEYS[1])", "1", "{k}s");
        same("EVAL", "#!lua flags=no-writes,allow-oom,allow-stale,allow-cross-slot-keys\nreturn redis.call('get', 'other')", "1", "{k}s");
        same("EVAL", "#!lua flags=\nreturn 2", "0");
        same("EVAL", "#!lua flags=no-writes,\nreturn 2", "0");
    }

    /** The shapes of Redisson's lock scripts (its unlock also publishes, left out here): nil, false and numbers as replies. */
    @Test
    void redissonLockScripts() {
        String tryLock = "if (redis.call('exists', KEYS[1]) == 0) then "
                + "redis.call('hincrby', KEYS[1], ARGV[2], 1); redis.call('pexpire', KEYS[1], ARGV[1]); return nil; end; "
                + "if (redis.call('hexists', KEYS[1], ARGV[2]) == 1) then "
                + "redis.call('hincrby', KEYS[1], ARGV[2], 1); redis.call('pexpire', KEYS[1], ARGV[1]); return nil; end; "
                + "return redis.call('pttl', KEYS[1]);";
        same("EVAL", tryLock, "1", "{lock}a", "30000", "owner:1");
        same("EVAL", tryLock, "1", "{lock}a", "30000", "owner:1");
        same("HGET", "{lock}a", "owner:1");
        String[] other = replies("EVAL", tryLock, "1", "{lock}a", "30000", "owner:2");
        org.assertj.core.api.Assertions.assertThat(other[1]).matches(":\\d+\r\n");
        String unlock = "if (redis.call('hexists', KEYS[1], ARGV[3]) == 0) then return nil; end; "
                + "local counter = redis.call('hincrby', KEYS[1], ARGV[3], -1); "
                + "if (counter > 0) then redis.call('pexpire', KEYS[1], ARGV[2]); return 0; "
                + "else redis.call('del', KEYS[1]); return 1; end; return nil;";
        same("EVAL", unlock, "2", "{lock}a", "{lock}channel", "0", "30000", "owner:1");
        same("EVAL", unlock, "2", "{lock}a", "{lock}channel", "0", "30000", "owner:1");
        same("EVAL", unlock, "2", "{lock}a", "{lock}channel", "0", "30000", "owner:1");
        same("EXISTS", "{lock}a");
        same("EVAL", "return redis.call('exists', KEYS[1]) == 0", "1", "{lock}a");
        same("EVAL", "return redis.call('exists', KEYS[1]) == 1", "1", "{lock}a");
    }

    @Test
    void resp3Replies() {
        same3("HSET", "{r}h", "f", "v");
        same3("SADD", "{r}s", "m");
        same3("EVAL", "return true", "0");
        same3("EVAL", "return false", "0");
        same3("EVAL", "return nil", "0");
        same3("EVAL", "redis.setresp(3); return true", "0");
        same3("EVAL", "redis.setresp(3); return false", "0");
        same3("EVAL", "return {double=3.5}", "0");
        same3("EVAL", "return {big_number='1234567890123456789012'}", "0");
        same3("EVAL", "return {verbatim_string={format='txt',string='hello'}}", "0");
        same3("EVAL", "return {map={a=1}}", "0");
        same3("EVAL", "return {set={a=true}}", "0");
        same3("EVAL", "return redis.call('hgetall', KEYS[1])", "1", "{r}h");
        same3("EVAL", "redis.setresp(3); return redis.call('hgetall', KEYS[1])", "1", "{r}h");
        same3("EVAL", "redis.setresp(3); return redis.call('smembers', KEYS[1])", "1", "{r}s");
        same3("EVAL", "redis.setresp(3); local r = redis.call('smembers', KEYS[1]); return r['set']['m']", "1", "{r}s");
        same3("EVAL", "redis.setresp(3); return redis.call('get', 'nosuch{r}')", "0");
        same3("EVAL", "redis.setresp(3); return type(redis.call('get', 'nosuch{r}'))", "0");
        same3("EVAL", "redis.setresp(3); return redis.call('zscore', 'nosuch{r}', 'm')", "0");
        same3("ZADD", "{r}z", "1.5", "m");
        same3("EVAL", "redis.setresp(3); local r = redis.call('zscore', KEYS[1], 'm'); return {type(r), r['double']}", "1", "{r}z");
        same3("EVAL", "redis.setresp(3); return redis.call('zscore', KEYS[1], 'm')", "1", "{r}z");
        same3("EVAL", "redis.setresp(3); return redis.call('exists', KEYS[1])", "1", "{r}z");
        same3("EVAL", "return redis.error_reply('CODE msg')", "0");
        same3("EVAL", "return redis.status_reply('fine')", "0");
        same3("EVAL", "return {1, 'two', {3}}", "0");
    }

    @Test
    void luaRuntimeErrorsNameTheirVariables() {
        same("EVAL", "local t = {} ; return t.a.b", "0");
        same("EVAL", "local f ; f()", "0");
        same("EVAL", "local t = {} ; t.x.y = 1", "0");
        same("EVAL", "local t = {} ; t:nomethod()", "0");
        same("EVAL", "local a ; return -a", "0");
        same("EVAL", "local a ; return #a", "0");
        same("EVAL", "local a ; return 1 < a", "0");
        same("EVAL", "return {} < {}", "0");
        same("EVAL", "local a = 'x' ; local b ; return a .. b", "0");
        same("EVAL", "local a ; return a .. 'x' .. 'y'", "0");
        same("EVAL", "return ARGV[1] + 1", "0");
        same("EVAL", "local function f() error('deep') end\nlocal function g() f() end\n\ng()", "0");
        same("EVAL", "\n\nreturn redis.call('nosuch')", "0");
        same("EVAL", "local x = 1\nreturn redis.call('incr', 'nosuch{e}', 'x')", "0");
        same("EVAL", "error()", "0");
        same("EVAL", "error(42)", "0");
        same("EVAL", "error('up', 2)", "0");
        same("EVAL", "return redis.call('set', KEYS[1])", "1", "{e}k");
        same("EVAL", "return redis.pcall('set', KEYS[1])", "1", "{e}k");
        same("EVAL", "return {pcall(function() local t ; return t.x end)}", "0");
        same("EVAL", "return xpcall(function() error({err='X'}) end, function(e) return type(e) end)", "0");
        same("EVAL", "return select('#', pcall(error))", "0");
        same("EVAL", "return loadstring('return +')", "0");
        same("EVAL", "return tostring(1/3) .. ' ' .. tostring(1e15) .. ' ' .. tostring(0.1) .. ' ' .. tostring(-2.5)", "0");
        same("eval", "return string.format('%d %s %5.2f|%-5d|%05d|%+d|%x|%X|%#x|%o|%e|%.3e|%g|%g|%g|%10.4s|%q|%c%%', 3, 'x', 1.5, 42, 42, 7, 255, 255, 255, 8, 12345.678, 0.00012, 0.1, 1e20, 123456789, 'abcdefg', 'a\"b\\n', 65)", "0");
        same("eval", "return string.format('%s %s %s', 1, 1.5, true)", "0");
        same("eval", "return string.format('%d')", "0");
        same("eval", "return string.format('%y', 1)", "0");
        same("eval", "return string.format('%5.1f|%-8.3f|%.0f|%.0f', -2.25, 3.14159, 2.5, 3.5)", "0");
        same("EVAL", "return {string.byte('abc', 1, 3)}", "0");
        same("EVAL", "return table.concat({1, 2, 'x'}, ',')", "0");
        same("EVAL", "local t = {3, 1, 2}; table.sort(t); return t", "0");
        same("EVAL", "return {string.find('hello world', 'o w')}", "0");
        same("EVAL", "return (string.gsub('hello', 'l', 'L'))", "0");
        same("EVAL", "return tonumber('0x10') + tonumber('  12  ')", "0");
        same("EVAL", "return math.floor(3.7) + math.max(1, 9) + math.fmod(7, 3)", "0");
        same("EVAL", "return unpack({1, 2, 3})", "0");
        same("EVAL", "return select(2, 'a', 'b', 'c')", "0");
    }
}
