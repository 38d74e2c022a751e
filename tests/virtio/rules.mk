# tests/virtio: the virtio core, the virtio-mmio transport and the blk/rng/net
# devices.
#   - virtio_test: a guest-driver test program (ASan+UBSan) against the real
#     transport and devices, with a buffer as guest RAM;
#   - net_test: the same for virtio-net (two queues, a fake network backend,
#     virtio_net_process() instead of the device thread); net_mq_test: its
#     multiqueue form (queue pairs, the control queue's VQ_PAIRS_SET);
#   - fuzz_virtio, fuzz_net: libFuzzer on register/ring/RAM programs, for
#     fuzz_net with injected frames too (VIRTIO_FUZZ_TIME s each);
#   - vsock_test: the same for virtio-vsock (three queues, real unix sockets
#     as the host side, virtio_vsock_process() instead of the device thread);
#     fuzz_vsock: libFuzzer on guest packets and host socket actions;
#     vsock_host: the host program of guest/vsock-test.sh;
#   - guest_virt.elf: a bare-metal driver on the QEMU virt layout, run on QEMU
#     (the oracle) and on the rvkvm core with these devices (vm_guest).
# `make check-virtio` writes $(RESULTS)/virtio.txt; `make fuzz-virtio`
# fuzzes for 10 minutes.
VIRTIO_T         := $(B)/tests/virtio
VIRTIO_SRCS      := $(wildcard vmm/virtio/*.c) vmm/aio.c
VIRTIO_LIBS      := -luring
VIRTIO_HDRS      := $(wildcard vmm/virtio/*.h) vmm/mmio.h tests/virtio/fuzz_input.h
VIRTIO_FUZZ_TIME ?= 10
VIRTIO_SAN_FLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Iinclude -I. -D_GNU_SOURCE \
                    -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all

$(VIRTIO_T)/virtio_test: tests/virtio/virtio_test.c tests/virtio/guest.h $(VIRTIO_SRCS) $(VIRTIO_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(VIRTIO_SAN_FLAGS) -o $@ tests/virtio/virtio_test.c $(VIRTIO_SRCS) $(VIRTIO_LIBS)

$(VIRTIO_T)/fuzz_virtio: tests/virtio/fuzz_virtio.c $(VIRTIO_SRCS) $(VIRTIO_HDRS)
	@mkdir -p $(dir $@)
	clang $(VIRTIO_SAN_FLAGS) -fsanitize=fuzzer -o $@ tests/virtio/fuzz_virtio.c $(VIRTIO_SRCS) $(VIRTIO_LIBS)

$(VIRTIO_T)/fuzz_virtio_seeds: tests/virtio/fuzz_virtio.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O1 -Wall -Wextra -Werror -Iinclude -I. -D_GNU_SOURCE -DFUZZ_SEEDS -o $@ $<

$(VIRTIO_T)/net_test: tests/virtio/net_test.c $(VIRTIO_SRCS) $(VIRTIO_HDRS) vmm/net/backend.h
	@mkdir -p $(dir $@)
	$(CC) $(VIRTIO_SAN_FLAGS) -o $@ tests/virtio/net_test.c $(VIRTIO_SRCS) $(VIRTIO_LIBS)

$(VIRTIO_T)/net_mq_test: tests/virtio/net_mq_test.c $(VIRTIO_SRCS) $(VIRTIO_HDRS) vmm/net/backend.h
	@mkdir -p $(dir $@)
	$(CC) $(VIRTIO_SAN_FLAGS) -o $@ tests/virtio/net_mq_test.c $(VIRTIO_SRCS) $(VIRTIO_LIBS)

$(VIRTIO_T)/fuzz_net: tests/virtio/fuzz_net.c $(VIRTIO_SRCS) $(VIRTIO_HDRS) vmm/net/backend.h
	@mkdir -p $(dir $@)
	clang $(VIRTIO_SAN_FLAGS) -fsanitize=fuzzer -o $@ tests/virtio/fuzz_net.c $(VIRTIO_SRCS) $(VIRTIO_LIBS)

$(VIRTIO_T)/fuzz_net_seeds: tests/virtio/fuzz_net.c $(VIRTIO_HDRS) vmm/net/backend.h
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O1 -Wall -Wextra -Werror -Iinclude -I. -D_GNU_SOURCE -DFUZZ_SEEDS -o $@ $<

$(VIRTIO_T)/vsock_test: tests/virtio/vsock_test.c tests/virtio/guest.h $(VIRTIO_SRCS) $(VIRTIO_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(VIRTIO_SAN_FLAGS) -o $@ tests/virtio/vsock_test.c $(VIRTIO_SRCS) $(VIRTIO_LIBS)

$(VIRTIO_T)/fuzz_vsock: tests/virtio/fuzz_vsock.c $(VIRTIO_SRCS) $(VIRTIO_HDRS)
	@mkdir -p $(dir $@)
	clang $(VIRTIO_SAN_FLAGS) -fsanitize=fuzzer -o $@ tests/virtio/fuzz_vsock.c $(VIRTIO_SRCS) $(VIRTIO_LIBS)

$(VIRTIO_T)/fuzz_vsock_seeds: tests/virtio/fuzz_vsock.c $(VIRTIO_HDRS)
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O1 -Wall -Wextra -Werror -Iinclude -I. -D_GNU_SOURCE -DFUZZ_SEEDS -o $@ $<

$(VIRTIO_T)/vsock_host: tests/virtio/vsock_host.c guest/vsock/vsock_common.h
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O2 -Wall -Wextra -Werror -Iinclude -I. -D_GNU_SOURCE -o $@ $<

$(VIRTIO_T)/guest_virt.elf: tests/virtio/guest_virt.c tests/env/link.ld
	@mkdir -p $(dir $@)
	$(RV_CC) $(RV_ASFLAGS) -mcmodel=medany -ffreestanding -fno-pic -fno-stack-protector -O2 \
	  -Wall -Wextra -Werror -o $@ $<

$(VIRTIO_T)/vm_guest: tests/virtio/vm_guest.c vmm/loader_elf.c $(VIRTIO_SRCS) $(VIRTIO_HDRS) \
                      $(B)/librvkvm-core.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ tests/virtio/vm_guest.c vmm/loader_elf.c $(VIRTIO_SRCS) \
	  $(B)/librvkvm-core.a $(VIRTIO_LIBS) $(LDLIBS)

.PHONY: check-virtio fuzz-virtio virtio-oracle
CHECKS += check-virtio
check-virtio: $(VIRTIO_T)/virtio_test $(VIRTIO_T)/fuzz_virtio $(VIRTIO_T)/fuzz_virtio_seeds \
              $(VIRTIO_T)/net_test $(VIRTIO_T)/net_mq_test $(VIRTIO_T)/fuzz_net $(VIRTIO_T)/fuzz_net_seeds \
              $(VIRTIO_T)/vsock_test $(VIRTIO_T)/fuzz_vsock $(VIRTIO_T)/fuzz_vsock_seeds \
              $(VIRTIO_T)/vsock_host
	@mkdir -p $(RESULTS) $(VIRTIO_T)/corpus $(VIRTIO_T)/corpus_net $(VIRTIO_T)/corpus_vsock
	@$(VIRTIO_T)/fuzz_virtio_seeds $(VIRTIO_T)/corpus
	@$(VIRTIO_T)/fuzz_net_seeds $(VIRTIO_T)/corpus_net
	@$(VIRTIO_T)/fuzz_vsock_seeds $(VIRTIO_T)/corpus_vsock
	@{ TMPDIR=$(VIRTIO_T) $(VIRTIO_T)/virtio_test > $(VIRTIO_T)/unit.out 2> $(VIRTIO_T)/unit.log; \
	   rc=$$?; cat $(VIRTIO_T)/unit.out; \
	   if [ $$rc -ne 0 ] && ! grep -q '^FAIL' $(VIRTIO_T)/unit.out; then \
	     echo "FAIL virtio/unit (exit $$rc, see $(VIRTIO_T)/unit.log)"; fi; \
	   $(VIRTIO_T)/net_test > $(VIRTIO_T)/net.out 2> $(VIRTIO_T)/net.log; \
	   rc=$$?; cat $(VIRTIO_T)/net.out; \
	   if [ $$rc -ne 0 ] && ! grep -q '^FAIL' $(VIRTIO_T)/net.out; then \
	     echo "FAIL virtio/net (exit $$rc, see $(VIRTIO_T)/net.log)"; fi; \
	   $(VIRTIO_T)/net_mq_test > $(VIRTIO_T)/net_mq.out 2> $(VIRTIO_T)/net_mq.log; \
	   rc=$$?; cat $(VIRTIO_T)/net_mq.out; \
	   if [ $$rc -ne 0 ] && ! grep -q '^FAIL' $(VIRTIO_T)/net_mq.out; then \
	     echo "FAIL virtio/net-mq (exit $$rc, see $(VIRTIO_T)/net_mq.log)"; fi; \
	   TMPDIR=$(VIRTIO_T) $(VIRTIO_T)/vsock_test > $(VIRTIO_T)/vsock.out 2> $(VIRTIO_T)/vsock.log; \
	   rc=$$?; cat $(VIRTIO_T)/vsock.out; \
	   if [ $$rc -ne 0 ] && ! grep -q '^FAIL' $(VIRTIO_T)/vsock.out; then \
	     echo "FAIL virtio/vsock (exit $$rc, see $(VIRTIO_T)/vsock.log)"; fi; \
	   if $(MAKE) --no-print-directory $(VIRTIO_T)/guest_virt.elf $(VIRTIO_T)/vm_guest \
	        > $(VIRTIO_T)/guest-build.log 2>&1; then \
	     bash tests/virtio/run_guest.sh qemu $(VIRTIO_T)/guest_virt.elf $(VIRTIO_T); \
	     bash tests/virtio/run_guest.sh core $(VIRTIO_T)/guest_virt.elf $(VIRTIO_T) $(VIRTIO_T)/vm_guest; \
	   else echo "FAIL virtio/guest_build (see $(VIRTIO_T)/guest-build.log)"; fi; \
	   if $(VIRTIO_T)/fuzz_virtio -max_total_time=$(VIRTIO_FUZZ_TIME) -timeout=10 \
	        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=$(VIRTIO_T)/ \
	        $(VIRTIO_T)/corpus > $(VIRTIO_T)/fuzz.log 2>&1; then \
	     echo "PASS virtio/fuzz ($$(grep -o 'stat::number_of_executed_units: [0-9]*' \
	       $(VIRTIO_T)/fuzz.log | grep -o '[0-9]*$$') runs)"; \
	   else echo "FAIL virtio/fuzz (see $(VIRTIO_T)/fuzz.log)"; fi; \
	   if $(VIRTIO_T)/fuzz_net -max_total_time=$(VIRTIO_FUZZ_TIME) -timeout=10 \
	        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=$(VIRTIO_T)/net- \
	        $(VIRTIO_T)/corpus_net > $(VIRTIO_T)/fuzz_net.log 2>&1; then \
	     echo "PASS virtio/fuzz_net ($$(grep -o 'stat::number_of_executed_units: [0-9]*' \
	       $(VIRTIO_T)/fuzz_net.log | grep -o '[0-9]*$$') runs)"; \
	   else echo "FAIL virtio/fuzz_net (see $(VIRTIO_T)/fuzz_net.log)"; fi; \
	   if $(VIRTIO_T)/fuzz_vsock -max_total_time=$(VIRTIO_FUZZ_TIME) -timeout=10 \
	        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=$(VIRTIO_T)/vsock- \
	        $(VIRTIO_T)/corpus_vsock > $(VIRTIO_T)/fuzz_vsock.log 2>&1; then \
	     echo "PASS virtio/fuzz_vsock ($$(grep -o 'stat::number_of_executed_units: [0-9]*' \
	       $(VIRTIO_T)/fuzz_vsock.log | grep -o '[0-9]*$$') runs)"; \
	   else echo "FAIL virtio/fuzz_vsock (see $(VIRTIO_T)/fuzz_vsock.log)"; fi; \
	 } > $(RESULTS)/virtio.txt
	@grep -v '^PASS' $(VIRTIO_T)/unit.log $(VIRTIO_T)/net.log $(VIRTIO_T)/vsock.log \
	  $(RESULTS)/virtio.txt >&2 || true
	@echo "virtio: $$(grep -c '^PASS' $(RESULTS)/virtio.txt) passed, $$(grep -c '^FAIL' $(RESULTS)/virtio.txt) failed"

fuzz-virtio: VIRTIO_FUZZ_TIME = 600
fuzz-virtio: check-virtio

# The guest program on QEMU alone (to validate it).
virtio-oracle: $(VIRTIO_T)/guest_virt.elf
	@bash tests/virtio/run_guest.sh qemu $< $(VIRTIO_T)
