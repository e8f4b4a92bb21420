"""ibdsl lint: offline checks of everything the Image Builder API and EC2 would refuse."""
