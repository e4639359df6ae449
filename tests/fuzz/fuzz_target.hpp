// The one entry point every fuzz target defines (libFuzzer's), and the optional set-up it calls once. With clang and
// -fsanitize=fuzzer libFuzzer's own main drives it; in the normal build replay_main.cpp feeds it the committed corpus.
#pragma once

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv);
