print("embsh")
