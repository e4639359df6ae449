#include "markup_text.hpp"

namespace atmbench::reports {

std::string markup_text(std::string_view s, Apostrophe apostrophe) {
    std::string out;
    out.reserve(s.size() + s.size() / 8);
    for (char c : s) {
        switch (c) {
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '&': out += "&amp;"; break;
            case '"': out += "&quot;"; break;
            case '\'':
                if (apostrophe == Apostrophe::Escape) out += "&#39;";
                else out += c;
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') out += ' ';
                else out += c;
        }
    }
    return out;
}

}  // namespace atmbench::reports
