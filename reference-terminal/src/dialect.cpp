// The terminal's field tables. Field by field from docs/references.md [ISO8583] §1.6 (CUP field usage: formats and
// maximum lengths) and ISO 8583:1987 for the ASCII dialect; the two differ only in the private fields' maxima.
#include "atmbench/terminal/dialect.hpp"

#include <stdexcept>

namespace atmbench::terminal {

namespace {

using K = FieldKind;
using C = FieldChars;

// Fields both dialects define the same way (§1.6 table: "n..19 LLVAR", "ans8", "b64", …).
std::map<int, FieldFormat> common_fields() {
    return {
        {2, {K::LLVar, C::Numeric, 19}},   {3, {K::Fixed, C::Numeric, 6}},    {4, {K::Fixed, C::Numeric, 12}},
        {7, {K::Fixed, C::Numeric, 10}},   {11, {K::Fixed, C::Numeric, 6}},   {12, {K::Fixed, C::Numeric, 6}},
        {13, {K::Fixed, C::Numeric, 4}},   {14, {K::Fixed, C::Numeric, 4}},   {15, {K::Fixed, C::Numeric, 4}},
        {22, {K::Fixed, C::Numeric, 3}},   {23, {K::Fixed, C::Numeric, 3}},   {25, {K::Fixed, C::Numeric, 2}},
        {26, {K::Fixed, C::Numeric, 2}},   {32, {K::LLVar, C::Numeric, 11}},  {33, {K::LLVar, C::Numeric, 11}},
        {35, {K::LLVar, C::Track, 37}},    {36, {K::LLLVar, C::Track, 104}},  {37, {K::Fixed, C::Text, 12}},
        {38, {K::Fixed, C::Text, 6}},      {39, {K::Fixed, C::Text, 2}},      {41, {K::Fixed, C::Text, 8}},
        {42, {K::Fixed, C::Text, 15}},     {43, {K::Fixed, C::Text, 40}},     {44, {K::LLVar, C::Text, 25}},
        {45, {K::LLVar, C::Text, 76}},     {49, {K::Fixed, C::Text, 3}},      {52, {K::Fixed, C::Binary, 8}},
        {53, {K::Fixed, C::Numeric, 16}},  {55, {K::LLLVar, C::Binary, 255}}, {64, {K::Fixed, C::Binary, 8}},
        {70, {K::Fixed, C::Numeric, 3}},   {90, {K::Fixed, C::Numeric, 42}},  {96, {K::Fixed, C::Binary, 8}},
        {100, {K::LLVar, C::Numeric, 11}}, {102, {K::LLVar, C::Text, 28}},    {103, {K::LLVar, C::Text, 28}},
        {128, {K::Fixed, C::Binary, 8}},
    };
}

Dialect cup_atm() {
    Dialect d;
    d.name = "cup-atm";
    d.coding = WireCoding::Cup;
    d.tpdu = "6000010000";      // §1.2: ID 60, destination 0001, source 0000
    d.header = "603100000000";  // §1.2: 应用类别 60 (magstripe), 软件总版本 31, status/processing 0, sub-version 0
    d.fields = common_fields();
    d.fields[48] = {K::LLLVar, C::Text, 322};
    d.fields[54] = {K::LLLVar, C::Text, 40};     // §1.6 "LLLVAR ..40"
    d.fields[60] = {K::LLLVar, C::Numeric, 17};  // §1.5 "60 LLLVAR BCD": 60.1 N2 60.2 N6 60.3 N3 60.4 N1 60.5 N1 …
    d.fields[62] = {K::LLLVar, C::Binary, 84};   // §1.5 "62 b..084 LLLVAR BINARY"
    d.fields[63] = {K::LLLVar, C::Text, 3};      // §1.6 "ans..003"
    return d;
}

Dialect ascii_1987() {
    Dialect d;
    d.name = "ascii-1987";
    d.coding = WireCoding::Ascii;
    d.fields = common_fields();
    d.fields[48] = {K::LLLVar, C::Text, 999};
    d.fields[54] = {K::LLLVar, C::Text, 120};
    d.fields[60] = {K::LLLVar, C::Text, 999};
    d.fields[62] = {K::LLLVar, C::Binary, 255};
    d.fields[63] = {K::LLLVar, C::Text, 999};
    return d;
}

}  // namespace

const Dialect& dialect_named(const std::string& name) {
    static const Dialect cup = cup_atm();
    static const Dialect ascii = ascii_1987();
    if (name == cup.name) return cup;
    if (name == ascii.name) return ascii;
    throw std::invalid_argument("host dialect '" + name + "' is not one the terminal speaks (cup-atm, ascii-1987)");
}

}  // namespace atmbench::terminal
