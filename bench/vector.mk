# bench/vector: the vector extension's speed.  Each kernel of
# bench/vector/kernels.c (memcpy, strlen, dot product, saxpy) as scalar
# code and with V, on rvkvm and on QEMU (-cpu rv64,v=true,vlen=128), in
# S-mode on the bench runtime (bench/vector.sh).
#   make bench-vector   print the table (also in $(B)/bench/vector.md); in `make bench`
#   BENCH_VECTOR_SCALE=N (work per kernel; default 16), BENCH_VECTOR_RUNS=N (best of; 3)
BENCH_VECTOR_SCALE ?= 16
BENCH_VECTOR_RUNS  ?= 3
BENCH_VECTOR_DIR   := $(B)/bench/vector/s$(BENCH_VECTOR_SCALE)
BENCH_VECTOR_KERNELS := memcpy strlen dot saxpy
BENCH_VECTOR_ELFS := $(foreach k,$(BENCH_VECTOR_KERNELS),$(BENCH_VECTOR_DIR)/$(k)-scalar.elf $(BENCH_VECTOR_DIR)/$(k)-v.elf)

# $(call bench_vector_rule,KERNEL,INDEX)
define bench_vector_rule
$(BENCH_VECTOR_DIR)/$(1)-scalar.elf: bench/vector/kernels.c $(BENCH_RT_DEPS)
	@mkdir -p $$(dir $$@)
	$(RV_CC) $(BENCH_CFLAGS) -DRT_V -DSCALE=$(BENCH_VECTOR_SCALE) -DKERNEL=$(2) -DUSE_V=0 \
	  $(BENCH_LDFLAGS) -o $$@ $(BENCH_RT_SRCS) $$< -lgcc
$(BENCH_VECTOR_DIR)/$(1)-v.elf: bench/vector/kernels.c $(BENCH_RT_DEPS)
	@mkdir -p $$(dir $$@)
	$(RV_CC) $(BENCH_CFLAGS) -march=rv64gcv_zicsr_zifencei_zba_zbb_zbs -DRT_V \
	  -DSCALE=$(BENCH_VECTOR_SCALE) -DKERNEL=$(2) -DUSE_V=1 $(BENCH_LDFLAGS) -o $$@ $(BENCH_RT_SRCS) $$< -lgcc
endef
$(eval $(call bench_vector_rule,memcpy,0))
$(eval $(call bench_vector_rule,strlen,1))
$(eval $(call bench_vector_rule,dot,2))
$(eval $(call bench_vector_rule,saxpy,3))

.PHONY: bench-vector
bench-vector: $(BENCH_VECTOR_ELFS)
	-@$(MAKE) --no-print-directory $(RVKVM)
	@bash bench/vector.sh --rvkvm $(RVKVM) --runs $(BENCH_VECTOR_RUNS) \
	  --out $(B)/bench/vector.md $(BENCH_VECTOR_ELFS)
bench: bench-vector
