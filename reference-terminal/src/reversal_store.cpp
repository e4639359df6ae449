#include "atmbench/terminal/reversal_store.hpp"

#include <boost/json.hpp>

#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace atmbench::terminal {

namespace json = boost::json;

void write_durably(const std::filesystem::path& file, const std::string& text);

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
    write_durably(file_, json::serialize(all));
}

void write_durably(const std::filesystem::path& file, const std::string& text) {
    // Write-then-rename with fsync: a crash leaves the old content or the new one, never half of one.
    std::filesystem::path tmp = file;
    tmp += ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) throw std::runtime_error("cannot write " + tmp.string());
    bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) throw std::runtime_error("cannot write " + tmp.string());
    std::filesystem::rename(tmp, file);
}

DispenseGuard::DispenseGuard(std::filesystem::path file) : file_(std::move(file)) {
    std::filesystem::create_directories(file_.parent_path());
}

std::optional<InterruptedDispense> DispenseGuard::left() const {
    std::ifstream in(file_);
    if (!in) return std::nullopt;
    std::stringstream text;
    text << in.rdbuf();
    try {
        const json::value doc = json::parse(text.str());
        const json::object& o = doc.as_object();
        InterruptedDispense d;
        d.original_mti = std::string(o.at("original_mti").as_string());
        for (const auto& kv : o.at("original").as_object())
            d.original[std::stoi(std::string(kv.key()))] = std::string(kv.value().as_string());
        d.phase = std::string(o.at("phase").as_string());
        d.time = std::string(o.at("time").as_string());
        if (!d.original.count(11)) throw std::runtime_error("no STAN");
        return d;
    } catch (const std::exception& e) {
        throw std::runtime_error("interrupted-dispense file " + file_.string() + " is corrupt: " + e.what());
    }
}

void DispenseGuard::save(const InterruptedDispense& d) const {
    json::object fields;
    for (const auto& [f, v] : d.original) fields[std::to_string(f)] = v;
    write_durably(file_, json::serialize(json::object{{"original_mti", d.original_mti},
                                                      {"original", std::move(fields)},
                                                      {"phase", d.phase},
                                                      {"time", d.time}}));
}

void DispenseGuard::arm(InterruptedDispense d, std::string phase) {
    d.phase = std::move(phase);
    save(d);
    current_ = std::move(d);
}

void DispenseGuard::presenting() {
    if (!current_) return;
    current_->phase = "presenting";
    save(*current_);
}

void DispenseGuard::clear() {
    current_.reset();
    std::error_code ec;
    std::filesystem::remove(file_, ec);
    // The removal must be durable too, or a power cut could bring the record back after the outcome was settled.
    int dir = ::open(file_.parent_path().c_str(), O_RDONLY | O_DIRECTORY);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
}

}  // namespace atmbench::terminal
