-- string.format: every conversion with flags, widths and precisions.
local function id(x) return x end
local fmt = string.format

print("plain", fmt("no items"), fmt(""), fmt("100%%"), fmt("%%d"), fmt("a%%%%b"))
print("several", fmt("%d-%s-%g", 1, "two", 3.0))
print("embedded zero", #fmt("a\0b%d\0", 5))

-- %d %i
print("d", fmt("%d|%i|%d|%d", 0, 42, -42, id(7)))
print("d extremes", fmt("%d %d", math.maxinteger, math.mininteger))
print("d width", fmt("[%5d][%-5d][%05d][%+5d][% 5d]", 42, 42, 42, 42, 42))
print("d neg width", fmt("[%5d][%-5d][%05d][%+5d][% 5d]", -42, -42, -42, -42, -42))
print("d precision", fmt("[%.3d][%.0d][%.0d][%5.3d][%-5.3d|][%05.3d]", 7, 0, 3, -7, 7, 7))
print("d flags", fmt("[%+ d][% +d][%0-5d][%-05d][%00d][%0.5d]", 1, 1, 3, 3, 1, 1))
print("d max", fmt("[%99d]", 1):len(), fmt("[%.99d]", -1):len())
print("d float arg", fmt("%d %d %d", 3.0, -0.0, 2^53))
print("d string arg", fmt("%d %d %x", "10", " 0x1F ", "1e2"))

-- %u
print("u", fmt("%u %u %5u| %-5u| %05u", 5, -5, 3, 3, 3))

-- %c
print("c", fmt("%c%c%c", 76, 117, 97), fmt("[%5c][%-5c]", 65, 66))
print("c wrap", fmt("%c", 256 + 65), fmt("%c", 0):byte(), fmt("%c", -1):byte())
print("c string arg", fmt("%c", "72"))

-- %o %x %X
print("x", fmt("%x %X %o", 255, 255, 8))
print("x neg", fmt("%x %X %o", -1, math.mininteger, -1))
print("x alt", fmt("[%#x][%#X][%#o][%#x][%#o][%#o]", 255, 255, 8, 0, 0, 1))
print("x alt prec", fmt("[%#.0x][%#.0o][%#.3o][%#5.3x][%#-8x][%#08x]", 0, 0, 8, 1, 1, 1))
print("x width", fmt("[%8x][%-8X][%08o][%.4x][%8.4X]", 48879, 48879, 8, 10, 10))

-- %f %e %E
print("f", fmt("%f %f %f %f", 1, -1.5, 0.1, 1e10))
print("f prec", fmt("[%.0f][%.1f][%.2f][%.3f][%.10f]", 2.5, 0.05, 0.125, 2.0005, 1/3))
print("f halves", fmt("%.0f %.0f %.0f %.0f %.0f %.0f", 0.5, 1.5, 2.5, 3.5, -0.5, -2.5))
print("f round", fmt("%.2f %.2f %.2f %.1f %.1f", 1.005, 2.675, 1.115, 0.25, 0.35))
print("f width", fmt("[%10.3f][%-10.3f][%010.3f][%+10.3f][% 10.3f][%+010.3f]",
  3.14159, 3.14159, -3.14159, 3.14159, 3.14159, 3.14159))
print("f alt", fmt("[%#.0f][%#f][%.0f]", 3.0, 3.0, 3.0))
print("f neg zero", fmt("%f %.0f %+f %e %g", -0.0, -0.0, 0.0, -0.0, -0.0))
print("f tiny neg", fmt("%.1f %5.1f", -0.04, -0.04))
print("f huge", fmt("%.99f", 1e308))
print("f max", fmt("%f", 1.7976931348623157e308))
print("f min sub", fmt("%.99f", 5e-324))
print("f int arg", fmt("%f %.3f %e", 3, math.maxinteger, math.mininteger))
print("f string arg", fmt("%.1f %.2f", "2.25", "0x10"))
print("e", fmt("%e %E %e %e", 12345.678, 0.000123, 0, 1e-310))
print("e prec", fmt("[%.0e][%#.0e][%.3e][%+.3e][% .3e][%.20e]", 2.5, 2.5, 12345.678,
  12345.678, -12345.678, 0.1))
print("e width", fmt("[%15e][%-15E][%015.2e]", 1.5, 1.5, -1.5))
print("e exponents", fmt("%e %e %e %e", 1e100, 1e-100, 1.7976931348623157e308, 5e-324))

-- %g %G
print("g", fmt("%g %g %g %g %g %g", 1, 0.1, 100000, 1000000, 1e-4, 1e-5))
print("g more", fmt("%g %g %g %g %g", 123456789, 0.000123456789, 1e100, 2^63, 0))
print("G", fmt("%G %G %G", 1e-20, 1.5e300, 0.5))
print("g prec", fmt("[%.0g][%.1g][%.2g][%.3g][%.10g][%.17g][%.20g]", 0.5, 15, 15, 3.14159,
  1/3, 0.1, 0.1))
print("g alt", fmt("[%#g][%#g][%#.3g][%#.0g][%#g][%#g]", 1, 100000, 1, 9.5, 0.0001, 1e-5))
print("g alt carry", fmt("[%#g][%#.3g][%#.3g][%#.3g][%#.2g]", 999999.5, 999.5, 9995, 99.96,
  995))
print("g width", fmt("[%10g][%-10g][%010g][%+g][% g][%+010G]", 1.5, 1.5, -1.5, 1.5, 1.5,
  1e-10))

-- %a %A
print("a", fmt("%a %a %a %a %a", 1, 1.5, -0.1, 0.0, -0.0))
print("A", fmt("%A %A %A", 255.5, 1e300, 2^-1074))
print("a subnormal", fmt("%a %a %a", 5e-324, 1e-310, 2^-1022))
print("a prec", fmt("[%.0a][%.0a][%.0a][%.1a][%.1a][%.1a][%.1a][%.3a]", 1.5, 2.5, 3, 1.96875,
  1.03125, 1.09375, 0x1.a8p0, 1e-310))
print("a prec sub", fmt("[%.0a][%.2a][%.0a][%.20a]", 3 * 2^-1074, 2^-1022 - 2^-1074,
  1.5 * 2^-1023, 0.1))
print("a flags", fmt("[%#a][%#.0a][%+a][% a][%020a][%-20a][%20A]", 1, 1, 1, 1, -1.5, 1.5, 1.5))

-- infinities (never NaN: its sign varies)
local inf = 1 / 0
print("inf", fmt("%f %e %g %a", inf, -inf, inf, -inf))
print("inf upper", fmt("%E %G %A", inf, -inf, inf))
print("inf width", fmt("[%10f][%-10e][%010g][%+f][% f][%#g]", inf, inf, -inf, inf, inf, inf))
print("nan is nan", fmt("%f", 0/0) == fmt("%f", 0/0), #fmt("%5.1f", 0/0))

-- %s
print("s", fmt("%s %s %s %s %s", "x", 1, 2.0, true, nil))
print("s floats", fmt("%s %s %s %s", 1e100, -0.0, 1/0, 2^63))
print("s width", fmt("[%5s][%-5s][%.2s][%5.2s][%-5.2s][%.0s][%.s]", "ab", "ab", "abc", "abc",
  "abc", "abc", "abc"))
print("s long", fmt("[%5s]", ("x"):rep(120)) == "[" .. ("x"):rep(120) .. "]")
print("s long prec", fmt("[%.99s]", ("x"):rep(120)) == "[" .. ("x"):rep(99) .. "]")
print("s long width", fmt("[%99s]", ("x"):rep(100)) == "[" .. ("x"):rep(100) .. "]")
print("s zeros plain", #fmt("%s", "a\0b"), #fmt("[%s]", ("\0"):rep(10)))
print("s number width", fmt("[%6s][%-6s][%.2s]", 12, 1.5, 12345))
