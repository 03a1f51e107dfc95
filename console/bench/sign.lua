-- wrk script: SM2 signatures through POST /api/v1/crypto/sign with an application key
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("CW_KEY")
wrk.body = '{"key":"load-sign","message":"aW52b2ljZSBudW1iZXIgNDIgZm9yIDEwMDAgeXVhbg=="}'

local non2xx = 0
response = function(status, headers, body)
  if status ~= 200 then non2xx = non2xx + 1 end
end
