# tests/api: the management API end to end with curl (tests/api/run.sh):
# every endpoint and error path, a Linux guest started only through the
# API, pause/resume, --config-file; vCPU hotplug (tests/api/hotplug.sh).
# `make check-api` -> $(RESULTS)/api.txt.
.PHONY: check-api
CHECKS += check-api
check-api: $(RVKVM)
	@mkdir -p $(RESULTS) $(B)/tests/api
	@bash tests/api/run.sh $(RVKVM) $(B)/tests/api $(RESULTS)/api.txt
	@bash tests/api/hotplug.sh $(RVKVM) $(B)/tests/api/hotplug $(RESULTS)/api.txt
