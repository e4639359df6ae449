// Profile loading: the shipped profiles, lookup by name, and every validation error naming file, field and
// what was expected — profiles are how users add their bank's dialect, so the errors are the user interface.
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace atmbench::iso8583 {
namespace {

TEST(ShippedProfiles, CupAtmMatchesTheReference) {
    const Profile& p = test::cup();
    EXPECT_EQ(p.name, "cup-atm");
    EXPECT_FALSE(p.description.empty());
    EXPECT_EQ(p.framing.length_header, LengthHeader::Binary2);
    EXPECT_FALSE(p.framing.length_inclusive);
    EXPECT_TRUE(p.framing.tpdu);
    EXPECT_EQ(p.framing.header_length, 6u);
    EXPECT_EQ(to_hex(p.framing.default_header), "603100000000");
    EXPECT_EQ(p.mti_encoding, MtiEncoding::Bcd);
    EXPECT_EQ(p.bitmap_encoding, BitmapEncoding::Binary);

    const FieldSpec* f2 = p.field(2);
    ASSERT_NE(f2, nullptr);
    EXPECT_EQ(f2->kind, FieldKind::LLVar);
    EXPECT_EQ(f2->type, DataType::Numeric);
    EXPECT_EQ(f2->encoding, Encoding::Bcd);
    EXPECT_EQ(f2->length_encoding, Encoding::Bcd);  // default: follows the data
    EXPECT_EQ(f2->length, 19u);
    EXPECT_EQ(f2->sensitivity, Sensitivity::Pan);

    EXPECT_EQ(p.field(35)->type, DataType::Track);
    EXPECT_EQ(p.field(35)->pad, Pad::Right);  // default for z
    EXPECT_EQ(p.field(22)->pad, Pad::Left);   // default for n
    EXPECT_EQ(p.field(39)->encoding, Encoding::Ascii);
    EXPECT_EQ(p.field(52)->encoding, Encoding::Binary);
    EXPECT_EQ(p.field(62)->length_unit, LengthUnit::Bytes);
    EXPECT_EQ(p.field(60)->subfields.size(), 5u);
    EXPECT_EQ(p.field(60)->subfields[2].id, "60.3");
    EXPECT_EQ(p.field(90)->subfields.size(), 5u);
    EXPECT_EQ(p.field(90)->length, 42u);
    for (int n : {2, 102, 103}) EXPECT_EQ(p.field(n)->sensitivity, Sensitivity::Pan) << n;
    for (int n : {35, 36, 45, 52, 62}) EXPECT_EQ(p.field(n)->sensitivity, Sensitivity::Secret) << n;
    for (int n : {3, 4, 7, 11, 12, 13, 14, 15, 22, 23, 25, 26, 32, 33, 37, 38, 39, 41, 42, 44, 48, 49, 53, 54, 55,
                  60, 63, 64, 70, 90, 128})
        EXPECT_NE(p.field(n), nullptr) << n;
    EXPECT_EQ(p.field(1), nullptr);
    EXPECT_EQ(p.field(5), nullptr);
    EXPECT_EQ(p.field(129), nullptr);
    EXPECT_EQ(Profile::mac_field(false), 64);
    EXPECT_EQ(Profile::mac_field(true), 128);
}

TEST(ShippedProfiles, Ascii1987) {
    const Profile& p = test::ascii87();
    EXPECT_EQ(p.mti_encoding, MtiEncoding::Ascii);
    EXPECT_EQ(p.bitmap_encoding, BitmapEncoding::HexAscii);
    EXPECT_FALSE(p.framing.tpdu);
    EXPECT_EQ(p.framing.header_length, 0u);
    for (int n : {52, 55, 62, 64, 128}) EXPECT_EQ(p.field(n)->encoding, Encoding::HexAscii) << n;
    EXPECT_EQ(p.field(2)->length_encoding, Encoding::Ascii);
    // The same field numbers as cup-atm.
    for (int n = 2; n <= 128; ++n) EXPECT_EQ(p.field(n) != nullptr, test::cup().field(n) != nullptr) << n;
}

TEST(ProfileFind, ByNameAndByPath) {
    EXPECT_EQ(Profile::find("cup-atm").name, "cup-atm");
    EXPECT_EQ(Profile::find(ATMBENCH_FIXTURES_DIR "/iso8583/ascii-1987.json").name, "ascii-1987");
    try {
        Profile::find("no-such-dialect");
        ADD_FAILURE();
    } catch (const ProfileError& e) {
        EXPECT_NE(std::string(e.what()).find("no-such-dialect"), std::string::npos);
    }
}

TEST(ProfileFind, FixturesDirFollowsEnvironment) {
    const auto dir = std::filesystem::temp_directory_path() / "atmbench_profile_test";
    std::filesystem::create_directories(dir / "iso8583");
    std::ofstream(dir / "iso8583" / "mine.json")
        << R"({"name":"mine","fields":{"3":{"name":"pc","type":"n","length":6}}})";
    ::setenv("ATMBENCH_FIXTURES", dir.c_str(), 1);
    EXPECT_EQ(fixtures_dir(), dir);
    EXPECT_EQ(Profile::find("mine").name, "mine");
    ::unsetenv("ATMBENCH_FIXTURES");
    EXPECT_EQ(fixtures_dir(), std::filesystem::path(ATMBENCH_FIXTURES_DIR));
    EXPECT_THROW(Profile::find("mine"), ProfileError);
    std::filesystem::remove_all(dir);
}

TEST(ProfileLoad, UnreadableFile) {
    try {
        Profile::load("/nonexistent/x.json");
        ADD_FAILURE();
    } catch (const ProfileError& e) {
        EXPECT_EQ(std::string(e.what()).rfind("/nonexistent/x.json: cannot read", 0), 0u) << e.what();
    }
}

TEST(ProfileLoad, DefaultsWhenKeysAreLeftOut) {
    const Profile p = Profile::parse(R"({"name":"min","fields":{
        "2":{"name":"pan","kind":"llvar","type":"n","length":19},
        "52":{"name":"pin","type":"b","length":8},
        "55":{"name":"icc","kind":"lllvar","type":"b","length":255,"encoding":"hex"}}})",
                                     "min.json");
    EXPECT_EQ(p.framing.length_header, LengthHeader::Binary2);
    EXPECT_FALSE(p.framing.length_inclusive);
    EXPECT_EQ(p.mti_encoding, MtiEncoding::Ascii);
    EXPECT_EQ(p.bitmap_encoding, BitmapEncoding::Binary);
    EXPECT_EQ(p.field(2)->encoding, Encoding::Ascii);
    EXPECT_EQ(p.field(2)->length_encoding, Encoding::Ascii);
    EXPECT_EQ(p.field(2)->length_unit, LengthUnit::Characters);
    EXPECT_EQ(p.field(2)->sensitivity, Sensitivity::None);
    EXPECT_EQ(p.field(52)->encoding, Encoding::Binary);
    EXPECT_EQ(p.field(55)->length_encoding, Encoding::Ascii);  // hex data, ASCII prefix
    EXPECT_EQ(p.source, "min.json");
}

// ---- validation errors ----------------------------------------------------------------------------------------

std::string error_of(const std::string& json) {
    try {
        Profile::parse(json, "fixtures/iso8583/x.json");
    } catch (const ProfileError& e) {
        return e.what();
    }
    return "(no error)";
}

std::string field_error(const std::string& field_json, int number = 35) {
    return error_of(R"({"name":"x","fields":{")" + std::to_string(number) + R"(":)" + field_json + "}}");
}

TEST(ProfileErrors, BadEncodingNamesFileFieldAndChoices) {
    EXPECT_EQ(field_error(R"({"name":"t2","kind":"llvar","type":"z","length":37,"encoding":"bdc"})"),
              "fixtures/iso8583/x.json: field 35: 'encoding' must be one of ascii, bcd, binary, ebcdic, hex "
              "(found \"bdc\")");
}

TEST(ProfileErrors, UnknownAndMissingKeys) {
    EXPECT_EQ(field_error(R"({"name":"t","type":"n","lenght":6})"),
              "fixtures/iso8583/x.json: field 35: unknown key 'lenght' (expected one of name, note, kind, type, "
              "length, encoding, length_encoding, length_unit, pad, sensitivity, subfields)");
    EXPECT_EQ(field_error(R"({"name":"t","type":"n"})"), "fixtures/iso8583/x.json: field 35: missing key 'length'");
    EXPECT_EQ(field_error(R"({"type":"n","length":3})"), "fixtures/iso8583/x.json: field 35: missing key 'name'");
    EXPECT_EQ(error_of(R"({"fields":{}})"), "fixtures/iso8583/x.json: missing key 'name'");
    EXPECT_EQ(error_of(R"({"name":"x"})"), "fixtures/iso8583/x.json: missing key 'fields'");
    EXPECT_EQ(error_of(R"({"name":"x","fields":{},"bitmap":"hex"})"),
              "fixtures/iso8583/x.json: unknown key 'bitmap' (expected one of name, description, note, framing, "
              "mti_encoding, bitmap_encoding, fields, dialect)");
    EXPECT_EQ(error_of(R"({"name":"x","fields":{}})"), "fixtures/iso8583/x.json: 'fields' must define at least one field");
}

TEST(ProfileErrors, WrongValueTypes) {
    EXPECT_EQ(field_error(R"({"name":"t","type":"n","length":"6"})"),
              "fixtures/iso8583/x.json: field 35: 'length' must be a whole number (found \"6\")");
    EXPECT_EQ(field_error(R"({"name":"t","type":"nn","length":6})"),
              "fixtures/iso8583/x.json: field 35: 'type' must be one of n, an, ans, a, z, b (found \"nn\")");
    EXPECT_EQ(field_error(R"({"name":"t","type":"n","length":-1})"),
              "fixtures/iso8583/x.json: field 35: 'length' must be 0..65535 (found -1)");
    EXPECT_EQ(field_error("[1,2]"), "fixtures/iso8583/x.json: field 35: must be a JSON object (found [1,2])");
}

TEST(ProfileErrors, FieldNumbersOutside2To128) {
    const std::string spec = R"({"name":"t","type":"n","length":6})";
    for (const char* key : {"0", "1", "129", "200", "abc", "-3", "0002x"}) {
        const std::string e = error_of(R"({"name":"x","fields":{")" + std::string(key) + R"(":)" + spec + "}}");
        EXPECT_EQ(e, "fixtures/iso8583/x.json: field " + std::string(key) +
                         ": field numbers must be 2..128 (0 is the MTI, 1 the secondary bitmap)");
    }
}

TEST(ProfileErrors, MaximumThePrefixCannotExpress) {
    EXPECT_EQ(field_error(R"({"name":"t","kind":"llvar","type":"ans","length":120,"length_encoding":"bcd"})"),
              "fixtures/iso8583/x.json: field 35: 'length' 120 needs a prefix value of 120, more than a bcd LL "
              "prefix can express (at most 99)");
    EXPECT_NE(field_error(R"({"name":"t","kind":"lllvar","type":"ans","length":1000})").find("at most 999"),
              std::string::npos);
    EXPECT_NE(field_error(R"({"name":"t","kind":"llvar","type":"b","length":300,"length_encoding":"binary"})")
                  .find("binary LL prefix can express (at most 255)"),
              std::string::npos);
    // Counting bytes of hex text doubles the number the prefix must hold.
    EXPECT_NE(field_error(R"({"name":"t","kind":"llvar","type":"b","length":50,"encoding":"hex","length_unit":"bytes"})")
                  .find("needs a prefix value of 100"),
              std::string::npos);
    // …and BCD bytes halve it: 150 digits are 75 bytes, which an LL prefix holds.
    EXPECT_EQ(field_error(R"({"name":"t","kind":"llvar","type":"n","length":150,"encoding":"bcd","length_unit":"bytes"})"),
              "(no error)");
}

TEST(ProfileErrors, ZeroLengthAndImpossibleCombinations) {
    EXPECT_EQ(field_error(R"({"name":"t","type":"b","length":0})", 52),
              "fixtures/iso8583/x.json: field 52: 'length' must be at least 1 (found 0)");
    EXPECT_NE(field_error(R"({"name":"t","type":"n","length":6,"encoding":"hex"})").find("'encoding' hex is for type b"),
              std::string::npos);
    EXPECT_NE(field_error(R"({"name":"t","type":"ans","length":6,"encoding":"bcd"})").find("cannot carry text"),
              std::string::npos);
    EXPECT_NE(field_error(R"({"name":"t","type":"b","length":6,"encoding":"ascii"})").find("cannot carry type b"),
              std::string::npos);
    EXPECT_EQ(field_error(R"({"name":"t","type":"n","length":6,"length_encoding":"bcd"})"),
              "fixtures/iso8583/x.json: field 35: 'length_encoding' only applies to llvar and lllvar fields");
    EXPECT_EQ(field_error(R"({"name":"t","kind":"llvar","type":"b","length":6,"length_encoding":"hex"})"),
              "fixtures/iso8583/x.json: field 35: 'length_encoding' must be one of ascii, bcd, binary, ebcdic "
              "(found \"hex\")");
}

TEST(ProfileErrors, Subfields) {
    EXPECT_EQ(field_error(R"({"name":"t","type":"n","length":10,"subfields":[
                  {"id":"90.1","name":"a","length":4},{"id":"90.2","name":"b","length":7}]})",
                          90),
              "fixtures/iso8583/x.json: field 90: subfield lengths add up to 11, more than the field's length 10");
    EXPECT_EQ(field_error(R"({"name":"t","type":"n","length":10,"subfields":[{"id":"90.1","name":"a"}]})", 90),
              "fixtures/iso8583/x.json: field 90: subfield 1: missing key 'length'");
    EXPECT_EQ(field_error(R"({"name":"t","type":"n","length":10,"subfields":[
                  {"id":"90.1","name":"a","length":1},{"id":"90.1","name":"b","length":1}]})",
                          90),
              "fixtures/iso8583/x.json: field 90: subfield 2: 'id' \"90.1\" is used twice");
    EXPECT_NE(field_error(R"({"name":"t","type":"b","length":10,"subfields":[]})", 90).find("not type b"),
              std::string::npos);
}

TEST(ProfileErrors, SubfieldIdsBelongToTheirField) {
    // "90.1" under field 60 loaded silently, and no message or dialect place could ever find it.
    EXPECT_EQ(field_error(R"({"name":"t","type":"n","length":10,"subfields":[
                  {"id":"60.1","name":"a","length":4},{"id":"90.1","name":"b","length":6}]})",
                          60),
              "fixtures/iso8583/x.json: field 60: subfield 2: 'id' \"90.1\" does not belong to field 60 (expected "
              "\"60.2\" or another id starting with \"60.\")");
    for (const char* id : {"60", "60.", "6.1", "600.1", "a"})
        EXPECT_NE(field_error(R"({"name":"t","type":"n","length":10,"subfields":[{"id":")" + std::string(id) +
                                  R"(","name":"a","length":4}]})",
                              60)
                      .find("does not belong to field 60"),
                  std::string::npos)
            << id;
}

TEST(ProfileErrors, DuplicateKeysAreRefusedNotKeptLast) {
    // A field pasted twice: a JSON reader keeps the last one silently, so the profile meant something else.
    const std::string e = error_of("{\"name\":\"x\",\"fields\":{\n"
                                   "  \"2\": {\"name\":\"pan\",\"kind\":\"llvar\",\"type\":\"n\",\"length\":19},\n"
                                   "  \"2\": {\"name\":\"other\",\"type\":\"n\",\"length\":6}}}");
    EXPECT_EQ(e, "fixtures/iso8583/x.json: line 3: $.fields.2: the name \"2\" appears twice in one object (each member "
                 "name once)");
    EXPECT_EQ(field_error(R"({"name":"t","type":"n","length":6,"length":8})"),
              "fixtures/iso8583/x.json: line 1: $.fields.35.length: the name \"length\" appears twice in one object "
              "(each member name once)");
    EXPECT_EQ(field_error(R"({"name":"t","type":"n","length":1e400})"),
              "fixtures/iso8583/x.json: line 1: $.fields.35.length: the number 1e400 is beyond the range of a double "
              "(at most about 1.8e308); JSON has no infinity");
}

TEST(ProfileErrors, Framing) {
    const std::string fields = R"("fields":{"3":{"name":"t","type":"n","length":6}})";
    EXPECT_EQ(error_of(R"({"name":"x","framing":{"length_header":"bin2"},)" + fields + "}"),
              "fixtures/iso8583/x.json: framing: 'length_header' must be one of none, binary2, bcd2, ascii4, "
              "binary4 (found \"bin2\")");
    EXPECT_EQ(error_of(R"({"name":"x","framing":{"tpdu":true},)" + fields + "}"),
              "fixtures/iso8583/x.json: framing: missing key 'default_tpdu'");
    EXPECT_EQ(error_of(R"({"name":"x","framing":{"tpdu":true,"default_tpdu":"6000"},)" + fields + "}"),
              "fixtures/iso8583/x.json: framing: 'default_tpdu' must be 5 bytes (found 2 bytes)");
    EXPECT_EQ(error_of(R"({"name":"x","framing":{"header_length":6,"default_header":"60310000"},)" + fields + "}"),
              "fixtures/iso8583/x.json: framing: 'default_header' must be 6 bytes (found 4 bytes)");
    EXPECT_EQ(error_of(R"({"name":"x","framing":{"default_tpdu":"6000000000"},)" + fields + "}"),
              "fixtures/iso8583/x.json: framing: 'default_tpdu' given but 'tpdu' is false");
    EXPECT_EQ(error_of(R"({"name":"x","framing":{"length_inclusive":"yes"},)" + fields + "}"),
              "fixtures/iso8583/x.json: framing: 'length_inclusive' must be true or false (found \"yes\")");
    EXPECT_NE(error_of(R"({"name":"x","framing":{"tpdu":true,"default_tpdu":"60XX000000"},)" + fields + "}")
                  .find("'default_tpdu' must be hex"),
              std::string::npos);
    EXPECT_EQ(error_of(R"({"name":"x","mti_encoding":"binary",)" + fields + "}"),
              "fixtures/iso8583/x.json: 'mti_encoding' must be one of ascii, bcd, ebcdic (found \"binary\")");
}

TEST(ProfileErrors, JsonSyntaxWithLineAndColumn) {
    const std::string e = error_of("{\n  \"name\": \"x\",\n  \"fields\": {,}\n}");
    EXPECT_EQ(e.rfind("fixtures/iso8583/x.json: line 3, column 14: invalid JSON", 0), 0u) << e;
    EXPECT_EQ(error_of("[]"), "fixtures/iso8583/x.json: the profile must be a JSON object");
    const std::string eof = error_of("{\"name\": \"x\"");
    EXPECT_NE(eof.find("invalid JSON"), std::string::npos) << eof;
}

}  // namespace
}  // namespace atmbench::iso8583
