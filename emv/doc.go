package emv
