package dev.embeddedcluster.compare;

import org.junit.jupiter.api.Test;

/**
 * Scripts at Lua's and Redis's limits, against a real redis-server: each gets Redis's reply or
 * error and its connection stays usable (PING after each). Left out because redis-server 7.0.15
 * itself fails on them: error() with a table lacking "err" (the server crashes) and a tail call
 * that never ends (Lua 5.1 runs it forever, luaj answers "stack overflow").
 */
class ScriptingEdgeCasesIT extends ComparisonSupport {

    private void eval(String script) {
        same("EVAL", script, "0");
        same("PING");
    }

    private void eval3(String script) {
        same3("EVAL", script, "0");
        same3("PING");
    }

    @Test
    void aTableThatHoldsItselfEndsAtRedisLuaStackLimit() {
        eval("local t = {} t[1] = t return t");
        eval("local t = {} t[1] = t t[2] = 5 return t");
        eval("local t = {} t[1] = t return {1, 2, t}");
        eval("local t = {} t[1] = {t, 1} return t");
        eval("local t = {map = {}} t.map.x = t return t");
        eval3("local t = {} t[1] = t return t");
        eval3("local t = {map = {}} t.map.x = t return t");
        eval3("local t = {map = {}} t.map[t] = 1 return t");
        eval3("local t = {set = {}} t.set[t] = true return t");
        eval3("local t = {map = {}} t.map.x = {t} return t");
        eval3("local t = {} t[1] = {double = 1.5} t[2] = t return t");
    }

    @Test
    void deepRecursionIsAStackOverflowError() {
        eval("local function f() return 1 + f() end return f()");
        eval("local function f(n) local t = {} t[1] = f(n + 1) return t end return f(1)");
        eval("local function f(n) if n == 0 then return 0 end return 1 + f(n - 1) end return f(10000)");
        eval("local ok, e = pcall(function() local function f() return 1 + f() end return f() end) return {tostring(ok), e}");
        eval("pcall(function() local function f() return 1 + f() end return f() end) return redis.call('ping')");
        eval("local co = coroutine.create(function() error('in co') end) return {coroutine.resume(co)}");
    }

    @Test
    void unpackRefusesMoreResultsThanTheCStackHolds() {
        eval("return unpack({}, 1, 10000)");
        eval("return unpack({}, 1, 1000000)");
        eval("return unpack({}, 1, 1e8)");
        eval("return #{unpack({}, 1, 7997)}");
        eval("return #{unpack({}, 1, 7998)}");
        eval("local t = {} for i = 1, 7999 do t[i] = i end return #{unpack(t)}");
        eval("local t = {} for i = 1, 8000 do t[i] = i end return #{unpack(t)}");
        eval("local t = {} for i = 1, 10000 do t[i] = i end return {unpack(t)}");
        eval("local t = {} for i = 1, 1000000 do t[i] = i end return #{unpack(t)}");
        eval("return {unpack({1, 2, 3}, 2)}");
        eval("return {unpack({1, 2, 3}, '2', 2.9)}");
        eval("return {unpack({1, 2, 3}, 3, 1)}");
        eval("return {unpack({1, nil, 3})}");
    }

    @Test
    void stringRepOfNoneOrFewerIsEmpty() {
        eval("return string.rep('x', -1)");
        eval("return string.rep('x', 0)");
        eval("return string.rep('ab', 2.7)");
    }

    @Test
    void cjsonAndCmsgpackAtTheirNestingLimits() {
        eval("local t = {} local c = t for i = 1, 10000 do c[1] = {} c = c[1] end return cjson.encode(t)");
        eval("local t = {} local c = t for i = 1, 10000 do c[1] = {} c = c[1] end return cmsgpack.pack(t)");
        eval("return cjson.decode(string.rep('[', 100000) .. string.rep(']', 100000))");
        eval("return cjson.decode(string.rep('[', 1001) .. string.rep(']', 1001))");
        eval("return cjson.decode(string.rep('[', 1000) .. string.rep(']', 1000))");
    }

    @Test
    void cjsonNumbersDecodeAndEncodeAsRedisCjson() {
        eval("local t = cjson.decode('[1e400, 12345678901234567890, 0.1, 1.0, 2.50, 1E2, 1e+2, 0.000001, 1e-7]') "
                + "local r = {} for i, v in ipairs(t) do r[i] = tostring(v) end return r");
        eval("local t = cjson.decode('[1e400, 12345678901234567890, 0.1]') "
                + "return {t[1] == math.huge, t[2] == 12345678901234567890, string.format('%.17g', t[2])}");
        eval("return cjson.encode(cjson.decode('[1e400, 12345678901234567890, 0.1, -0]'))");
        eval("return cjson.encode({1/3, 2/3, 100000000000000, 1e15, 123456789012345678, 0.1 + 0.2, 1e21, 12345.678901234567})");
        for (String json : new String[] {"0x10", "[01]", "[1.]", "[.5]", "[-]", "[1e]", "[Infinity]", "[NaN]", "[-Infinity]",
                "[+1]", "[1e400]"}) {
            eval("return cjson.decode('" + json + "')");
        }
        eval("return cjson.encode(0/0)");
        eval("return cjson.encode(1/0)");
    }

    @Test
    void errorsOfEveryShapeAnswerAndKeepTheConnection() {
        for (String script : new String[] {"error({err='x'})", "error({err='My Error'})", "error(nil)", "error()", "error(12)",
                "error(true)", "return redis.error_reply(nil)", "return redis.error_reply({})", "return redis.status_reply(nil)",
                "return {err=12}", "return {err={}}", "return {ok={}}", "return {ok=12}", "setmetatable(_G, nil)",
                "return setmetatable({}, {__index=function() error('boom') end})[1]",
                "return #setmetatable({}, {__len=function() return 5 end})", "return pcall(error)",
                "return select(2, pcall(error, {}))", "return redis.pcall('nosuch')", "return redis.call()",
                "return redis.call(nil)", "return redis.call({})", "return redis.call('get', {})",
                "return redis.call('get', nil)", "return redis.call('get', function() end)", "return redis.setresp(4)",
                "return cjson.encode(function() end)", "return cjson.encode({[{}]=1})", "return cmsgpack.pack(function() end)",
                "return cmsgpack.unpack('')", "return cmsgpack.unpack('\\193')"}) {
            eval(script);
        }
    }

    @Test
    void libraryArgumentErrorsNameTheFunctionAndTheArgument() {
        for (String script : new String[] {"return string.char(256)", "return string.sub({})", "return string.sub()",
                "return string.rep()", "return string.upper({})", "return string.format('%d', 'x')", "return string.byte({})",
                "return string.find('a', {})", "return string.len()", "return table.concat({{}})",
                "return table.concat({1}, {})", "return table.concat({1, 'a', true})", "return table.insert(1, 2)",
                "return table.sort(1)", "return table.remove(1)", "return math.floor('x')", "return math.max()",
                "return tonumber()", "return tonumber('10', 99)", "return setmetatable(1, {})", "return getmetatable()",
                "return ipairs()", "return pairs(nil)", "return select('x')", "return select(-5, 1)", "return rawget(1)",
                "return tostring()", "return type()", "return unpack()", "return unpack({}, 'x')"}) {
            eval(script);
        }
    }

    @Test
    void clusterResetIsRefusedInAScript() {
        eval("return redis.call('cluster', 'reset')");
        eval("return redis.call('cluster', 'reset', 'hard')");
        eval("return redis.pcall('cluster', 'reset')");
    }
}
