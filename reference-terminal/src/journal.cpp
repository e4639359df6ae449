#include "atmbench/terminal/journal.hpp"

#include <boost/json.hpp>

#include <chrono>
#include <ctime>
#include <fstream>
#include <stdexcept>
#include <unistd.h>

namespace atmbench::terminal {

std::string utc_now() {
    auto now = std::chrono::system_clock::now();
    std::time_t t = std::chrono::system_clock::to_time_t(now);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];  // room for any int the fields could hold, so the format is never cut
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03lldZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long long>(ms));
    return buf;
}

Journal::Journal(const std::filesystem::path& file) : path_(file) {
    std::filesystem::create_directories(file.parent_path());
    // Continue the sequence of an existing journal, so records stay ordered across restarts.
    {
        std::ifstream in(file);
        std::string line;
        while (std::getline(in, line))
            if (!line.empty()) ++seq_;
    }
    file_ = std::fopen(file.c_str(), "a");
    if (!file_) throw std::runtime_error("cannot open the journal " + file.string());
}

Journal::~Journal() {
    if (file_) std::fclose(file_);
}

void Journal::record(const std::string& type, boost::json::object fields) { append(type, std::move(fields), false); }

void Journal::exception(const std::string& type, boost::json::object fields) {
    fields["exception"] = true;
    append(type, std::move(fields), true);
}

void Journal::append(const std::string& type, boost::json::object fields, bool durable) {
    std::lock_guard lock(mutex_);
    boost::json::object line{{"seq", ++seq_}, {"time", utc_now()}, {"type", type}};
    for (auto& kv : fields) line[kv.key()] = std::move(kv.value());
    std::string text = boost::json::serialize(line) + "\n";
    std::fwrite(text.data(), 1, text.size(), file_);
    std::fflush(file_);
    if (durable) ::fsync(fileno(file_));
}

std::string mask_pan(const std::string& pan) {
    if (pan.size() < 6) return std::string(pan.size(), '*');
    return pan.substr(0, pan.size() - 5) + "****" + pan.substr(pan.size() - 1);
}

}  // namespace atmbench::terminal
