# Instrumented builds, each in its own build folder so the normal build/ (and its ccache entries) never changes:
#   -DATMBENCH_SANITIZE=ON  build-asan/: AddressSanitizer + UndefinedBehaviorSanitizer, any report fatal
#                           (scripts/run-sanitized runs the unit tests and the conformance suite on it);
#   -DATMBENCH_FUZZ=ON      build-fuzz/ with clang: the same sanitizers plus libFuzzer's coverage on every library,
#                           so the fuzz targets of tests/fuzz/ see inside the decoders (bench/fuzz runs them).
option(ATMBENCH_SANITIZE "Build with -fsanitize=address,undefined (build-asan/)" OFF)
option(ATMBENCH_FUZZ "Build the libFuzzer targets of tests/fuzz with clang (build-fuzz/)" OFF)

# -fno-sanitize-recover: an undefined behaviour ends the program like an ASan report, so no test passes over one.
set(ATMBENCH_SANITIZER_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
if(ATMBENCH_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "ATMBENCH_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++ "
                        "(found ${CMAKE_CXX_COMPILER_ID}); bench/fuzz does")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link ${ATMBENCH_SANITIZER_FLAGS})
  add_link_options(${ATMBENCH_SANITIZER_FLAGS})
elseif(ATMBENCH_SANITIZE)
  add_compile_options(${ATMBENCH_SANITIZER_FLAGS})
  add_link_options(${ATMBENCH_SANITIZER_FLAGS})
endif()
