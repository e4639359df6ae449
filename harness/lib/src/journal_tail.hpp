// The terminal's journal (a JSON-lines file in its state folder) read into the trace as the terminal writes it:
// a thread waits on inotify for changes in the journal's folder (no polling) and reads the complete lines added
// since the last read. drain() reads synchronously what is there (after the terminal stopped, before a restart).
#pragma once

#include "atmbench/harness/trace.hpp"

#include <filesystem>
#include <mutex>
#include <thread>

namespace atmbench::harness {

class JournalTail {
public:
    // Starts following `file` (it need not exist yet; its folder must). Throws BenchError when inotify cannot.
    JournalTail(std::filesystem::path file, Trace& trace);
    ~JournalTail();  // stop()
    JournalTail(const JournalTail&) = delete;
    JournalTail& operator=(const JournalTail&) = delete;

    void drain();  // reads every complete line not read yet
    void stop();   // ends the thread (bounded: it wakes on its stop pipe), then drains once more

private:
    void follow();

    std::filesystem::path file_;
    Trace& trace_;
    std::mutex read_mutex_;    // one reader at a time, so lines enter the trace once and in order
    std::uintmax_t offset_ = 0;  // bytes of complete lines read so far
    int inotify_ = -1;
    int stop_pipe_[2] = {-1, -1};
    std::thread thread_;
};

}  // namespace atmbench::harness
