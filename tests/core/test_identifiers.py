import pytest

from huikuan.core.identifiers import (
    IdentifierError,
    uscc_org_type,
    validate_mobile,
    validate_region,
    validate_resident_id,
    validate_uscc,
)
from tests.conftest import load_vector


@pytest.fixture(scope="module")
def vectors():
    return load_vector("identifiers.json")


def test_valid_uscc_vectors(vectors):
    for code in vectors["uscc_valid"]:
        assert validate_uscc(code) == code


def test_invalid_uscc_vectors(vectors):
    for code in vectors["uscc_invalid"]:
        with pytest.raises(IdentifierError):
            validate_uscc(code)


def test_valid_resident_ids(vectors):
    for number in vectors["resident_id_valid"]:
        assert validate_resident_id(number).number == number


def test_invalid_resident_ids(vectors):
    for number in vectors["resident_id_invalid"]:
        with pytest.raises(IdentifierError):
            validate_resident_id(number)


def test_virtual_operator_mobiles_are_flagged_not_rejected(vectors):
    for number in vectors["mobile_virtual_operator"]:
        assert validate_mobile(number).virtual_operator is True


def test_ordinary_mobiles(vectors):
    for number in vectors["mobile_ordinary"]:
        parsed = validate_mobile(number)
        assert parsed.number == number and parsed.virtual_operator is False


def test_invalid_mobiles(vectors):
    for number in vectors["mobile_invalid"]:
        with pytest.raises(IdentifierError):
            validate_mobile(number)


def test_resident_id_parts():
    rid = validate_resident_id("330702199003074258")
    assert rid.birth_date.isoformat() == "1990-03-07"
    assert rid.male is True  # 17th digit 5 is odd
    assert rid.region == "330702"


def test_impossible_birth_date_message():
    with pytest.raises(IdentifierError, match="birth date"):
        validate_resident_id("11010519491331002X")


def test_uscc_lowercase_is_normalised_and_type_read():
    assert validate_uscc("91330702ma2d00002c") == "91330702MA2D00002C"
    assert uscc_org_type("91330702MA2D00002C") == "enterprise"
    assert uscc_org_type("31330000MD0000000X") == "law_firm"


def test_mobile_with_country_code_and_spaces():
    assert validate_mobile("+86 138 1234 5678").number == "13812345678"


def test_region():
    assert validate_region("330702") == "330702"
    with pytest.raises(IdentifierError):
        validate_region("33070")
