"""统一社会信用代码 (GB 32100-2015) helpers, on top of python-stdnum."""

from stdnum.cn import uscc

_ORG_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100: no I, O, S, V, Z
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def _org_code_check(body: str) -> str:
    # GB 11714 organisation-code check character over the 8-character body.
    total = sum(_ORG_ALPHABET.index(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def make_credit_code(serial: int, *, region: str = "370214", kind: str = "92") -> str:
    """A valid, deterministic code for demo and benchmark data: the serial is the org-code body.

    kind "91" = 工商 企业, "92" = 个体工商户, "51" = 民政 社会团体 (a chamber's own code).
    """
    body = ""
    n = serial
    for _ in range(8):
        n, r = divmod(n, 10)
        body = str(r) + body
    org = body + _org_code_check(body)
    first17 = kind + region + org
    return first17 + uscc.calc_check_digit(first17 + "0")


def validate_credit_code(value: str) -> str:
    """Return the compact code or raise ValueError with a Chinese reason."""
    try:
        return uscc.validate(value)
    except uscc.InvalidLength:
        raise ValueError("统一社会信用代码应为 18 位")
    except uscc.InvalidFormat:
        raise ValueError("统一社会信用代码含有非法字符")
    except uscc.InvalidChecksum:
        raise ValueError("统一社会信用代码校验位错误")
