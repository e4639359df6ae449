#include "atmbench/terminal/batch.hpp"

#include <boost/json.hpp>

#include <fstream>
#include <sstream>

namespace atmbench::terminal {

namespace json = boost::json;

Batch::Batch(std::filesystem::path file) : file_(std::move(file)) {
    std::ifstream in(file_);
    if (!in) return;
    std::stringstream text;
    text << in.rdbuf();
    try {
        json::object o = json::parse(text.str()).as_object();
        number_ = static_cast<unsigned>(o.at("number").to_number<std::int64_t>());
        for (const auto& kv : o.at("items").as_object())
            items_[std::string(kv.key())] = {std::string(kv.value().at("kind").as_string()),
                                             kv.value().at("amount").to_number<std::int64_t>()};
    } catch (const std::exception&) {
        // A torn file loses only the totals of an unsettled batch: the host still counts it and answers 95.
        number_ = 1;
        items_.clear();
    }
}

void Batch::approved(const HostMessage& request) {
    const std::string* f3 = request.find(3);
    const std::string* f4 = request.find(4);
    const std::string* f11 = request.find(11);
    if (!f3 || !f4 || !f11 || request.mti != "0200") return;
    std::string kind = f3->substr(0, 2);
    if (kind != "01" && kind != "21") return;
    items_[*f11] = {kind, std::stoll(*f4)};
    save();
}

void Batch::reversed(const std::string& stan) {
    if (items_.erase(stan)) save();
}

host::BatchTotals Batch::totals() const {
    host::BatchTotals t;
    for (const auto& [stan, item] : items_) {
        if (item.kind == "01") ++t.debit_count, t.debit_amount += item.amount;
        else ++t.credit_count, t.credit_amount += item.amount;
    }
    return t;
}

std::string Batch::number() const {
    std::string n = std::to_string(number_);
    return std::string(6 - std::min<std::size_t>(6, n.size()), '0') + n;
}

void Batch::close() {
    number_ = number_ % 999999 + 1;
    items_.clear();
    save();
}

void Batch::save() const {
    json::object items;
    for (const auto& [stan, item] : items_) items[stan] = json::object{{"kind", item.kind}, {"amount", item.amount}};
    std::ofstream(file_, std::ios::trunc) << json::serialize(json::object{{"number", number_}, {"items", std::move(items)}})
                                          << "\n";
}

}  // namespace atmbench::terminal
