import YTXACLI

// The whole program lives in YTXACLI; this file only hands over to it.
YTXACommand.main()
