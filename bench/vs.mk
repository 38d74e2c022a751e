# The bare-metal workloads in VS-mode (bench/rt built with -DRT_VS: two-stage
# translation under the H extension), side by side on rvkvm and on QEMU with
# the H extension.  Compare with `make bench` (S-mode) for the cost of
# virtualization:
#   make bench-vs     build at BENCH_SCALE and print the MIPS table, also
#                     written to $(B)/bench/results-vs.md
$(foreach s,$(sort 1 $(BENCH_SCALE)),$(eval $(call bench_elf_rule,$(s),vs,-DRT_VS)))

BENCH_VS_ELFS := $(BENCH_RUN:%=$(BENCH_DIR)/vs$(BENCH_SCALE)/%.elf)
QEMU_SPIKE_H  := qemu-system-riscv64 -M spike -cpu rv64,h=true -bios none -nographic -kernel

.PHONY: bench-vs
bench-vs: $(BENCH_VS_ELFS)
	-@$(MAKE) --no-print-directory $(RVKVM)
	@bash bench/run.sh --rvkvm $(RVKVM) --qemu "$(QEMU_SPIKE_H)" --runs $(BENCH_RUNS) \
	  --mode "VS-mode, Sv39 (vsatp, 4 KiB pages) over an Sv39x4 G-stage of 1 GiB pages" \
	  --out $(BENCH_DIR)/results-vs.md $(BENCH_VS_ELFS)
bench: bench-vs
