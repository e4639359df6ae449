#include "atmbench/terminal/reversal_store.hpp"

#include <boost/json.hpp>

#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace atmbench::terminal {

namespace json = boost::json;

ReversalStore::ReversalStore(std::filesystem::path file) : file_(std::move(file)) {
    std::filesystem::create_directories(file_.parent_path());
    std::ifstream in(file_);
    if (!in) return;
    std::stringstream text;
    text << in.rdbuf();
    try {
        json::value v = json::parse(text.str());
        for (const auto& item : v.as_array()) {
            const json::object& o = item.as_object();
            PendingReversal r;
            r.original_mti = std::string(o.at("original_mti").as_string());
            for (const auto& kv : o.at("original").as_object())
                r.original[std::stoi(std::string(kv.key()))] = std::string(kv.value().as_string());
            r.reason = std::string(o.at("reason").as_string());
            r.attempts = static_cast<int>(o.at("attempts").as_int64());
            r.first_time = std::string(o.at("first_time").as_string());
            if (!r.original.count(11)) throw std::runtime_error("a reversal without STAN");
            pending_.push_back(std::move(r));
        }
    } catch (const std::exception& e) {
        throw std::runtime_error("pending reversals file " + file_.string() + " is corrupt: " + e.what());
    }
}

void ReversalStore::add(PendingReversal r) {
    pending_.push_back(std::move(r));
    save();
}

PendingReversal* ReversalStore::find(const std::string& stan) {
    for (auto& r : pending_)
        if (r.stan() == stan) return &r;
    return nullptr;
}

void ReversalStore::attempted(const std::string& stan) {
    for (auto& r : pending_)
        if (r.stan() == stan) ++r.attempts;
    save();
}

void ReversalStore::acknowledged(const std::string& stan) {
    std::erase_if(pending_, [&](const PendingReversal& r) { return r.stan() == stan; });
    save();
}

void ReversalStore::save() const {
    json::array all;
    for (const auto& r : pending_) {
        json::object fields;
        for (const auto& [f, v] : r.original) fields[std::to_string(f)] = v;
        all.push_back(json::object{{"original_mti", r.original_mti},
                                   {"original", std::move(fields)},
                                   {"reason", r.reason},
                                   {"attempts", r.attempts},
                                   {"first_time", r.first_time}});
    }
    // Write-then-rename with fsync: a crash leaves the old list or the new one, never half of one.
    std::string text = json::serialize(all);
    std::filesystem::path tmp = file_;
    tmp += ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) throw std::runtime_error("cannot write " + tmp.string());
    bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) throw std::runtime_error("cannot write " + tmp.string());
    std::filesystem::rename(tmp, file_);
}

}  // namespace atmbench::terminal
